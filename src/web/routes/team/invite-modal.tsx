import { Alert, Button, Group, Modal, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { InviteInput } from '../../../shared/account-input.ts';
import { type InviteCreated, type Role, useCreateInvite } from '../../api/team';
import { CopyField } from '../../components/copy-field';
import { formatDay } from '../../lib/dates';
import { useFormProblems } from '../../lib/use-form-problems';
import { ROLE_HINT, ROLE_LABEL, rolesFor } from './labels';

/** Each field's name in messages, in the order of the form. */
const LABELS = { email: 'Email', role: 'Role' };

/** Invite someone: their email and role, then the link to pass on (Kith sends no mail yet). */
export function InviteModal({
  opened,
  myRole,
  onClose,
}: {
  opened: boolean;
  myRole: Role;
  onClose: () => void;
}) {
  const [created, setCreated] = useState<InviteCreated | null>(null);
  const close = () => {
    setCreated(null);
    onClose();
  };
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={created ? `Invitation for ${created.email}` : 'Invite someone'}
      size="lg"
    >
      {opened && !created && <InviteForm myRole={myRole} onCreated={setCreated} onCancel={close} />}
      {created && (
        <Stack gap="md">
          <Alert variant="light" color="teal">
            Kith does not send email yet: send this link to {created.email} yourself. It works once, until{' '}
            {formatDay(created.expiresAt)}, and you will not see it again.
          </Alert>
          <CopyField label="Invitation link" value={created.url} />
          <Group justify="flex-end">
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

function InviteForm({
  myRole,
  onCreated,
  onCancel,
}: {
  myRole: Role;
  onCreated: (created: InviteCreated) => void;
  onCancel: () => void;
}) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('member');
  const invite = useCreateInvite();
  const body = { email: email.trim(), role };
  const form = useFormProblems({ schema: InviteInput, value: body, labels: LABELS, error: invite.error });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (form.check(event.currentTarget)) invite.mutate(body, { onSuccess: onCreated });
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Invite someone">
      <Stack gap="md">
        <TextInput
          label="Email"
          type="email"
          placeholder="name@example.com"
          value={email}
          onChange={(e) => {
            setEmail(e.currentTarget.value);
            form.touch('email');
          }}
          error={form.msg('email')}
          data-field="email"
          data-autofocus
          required
        />
        <NativeSelect
          label="Role"
          description={ROLE_HINT[role]}
          value={role}
          onChange={(e) => {
            setRole(e.currentTarget.value as Role);
            form.touch('role');
          }}
          data-field="role"
          data={rolesFor(myRole).map((r) => ({ value: r, label: ROLE_LABEL[r] }))}
          error={form.msg('role')}
        />
        {form.unplaced && (
          <Text size="sm" c="red.7" role="alert">
            {form.unplaced}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={invite.isPending}>
            Create invitation link
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
