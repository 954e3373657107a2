import { Alert, Button, Group, Modal, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { ApiError, messageOf } from '../../api/client';
import { type InviteCreated, type Role, useCreateInvite } from '../../api/team';
import { CopyField } from '../../components/copy-field';
import { formatDay } from '../../lib/dates';
import { ROLE_HINT, ROLE_LABEL, rolesFor } from './labels';

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
  const error = invite.error instanceof ApiError ? invite.error : null;
  const emailError = error?.fieldMessage('body.email');
  const roleError = error?.fieldMessage('body.role');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    invite.mutate({ email: email.trim(), role }, { onSuccess: onCreated });
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Invite someone">
      <Stack gap="md">
        <TextInput
          label="Email"
          type="email"
          placeholder="name@example.com"
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          error={
            emailError?.startsWith('must')
              ? 'Enter a full email address, such as name@example.com'
              : emailError
          }
          data-autofocus
          required
        />
        <NativeSelect
          label="Role"
          description={ROLE_HINT[role]}
          value={role}
          onChange={(e) => setRole(e.currentTarget.value as Role)}
          data={rolesFor(myRole).map((r) => ({ value: r, label: ROLE_LABEL[r] }))}
          error={roleError}
        />
        {error && !emailError && !roleError && (
          <Text size="sm" c="red.7" role="alert">
            {messageOf(error)}
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
