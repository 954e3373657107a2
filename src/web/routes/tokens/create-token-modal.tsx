import { Alert, Button, Group, Modal, Radio, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { TokenCreateInput } from '../../../shared/account-input.ts';
import { type TokenScope, useCreateToken } from '../../api/account';
import type { Me } from '../../api/queries';
import { CopyField } from '../../components/copy-field';
import { useFormProblems } from '../../lib/use-form-problems';

/** Each field's name in messages, in the order of the form. */
const LABELS = { name: 'Name', scope: 'What it may do' };

export const SCOPE_LABEL: Record<TokenScope, string> = { read: 'Read only', write: 'Read and write' };

/** Create a token: a name and a scope, then the token itself, shown once. */
export function CreateTokenModal({
  opened,
  role,
  onClose,
}: {
  opened: boolean;
  role: Me['role'];
  onClose: () => void;
}) {
  const [token, setToken] = useState<{ name: string; token: string } | null>(null);
  const close = () => {
    setToken(null);
    onClose();
  };
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={token ? `Your token ${token.name}` : 'Create an API token'}
      size="lg"
    >
      {opened && !token && <TokenForm role={role} onCreated={setToken} onCancel={close} />}
      {token && (
        <Stack gap="md">
          <Alert variant="light" color="orange" title="Copy it now">
            This is the only time Kith shows this token. Keep it somewhere safe; anyone who has it can use the
            API as you.
          </Alert>
          <CopyField
            label="Token"
            value={token.token}
            description="Send it as Authorization: Bearer <token>"
          />
          <Group justify="flex-end">
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

function TokenForm({
  role,
  onCreated,
  onCancel,
}: {
  role: Me['role'];
  onCreated: (made: { name: string; token: string }) => void;
  onCancel: () => void;
}) {
  const isViewer = role === 'viewer';
  const [name, setName] = useState('');
  const [scope, setScope] = useState<TokenScope>('read');
  const create = useCreateToken();
  const body = { name: name.trim(), scope };
  const form = useFormProblems({
    schema: TokenCreateInput,
    value: body,
    labels: LABELS,
    error: create.error,
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (form.check(event.currentTarget)) create.mutate(body, { onSuccess: (made) => onCreated(made) });
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Create an API token">
      <Stack gap="md">
        <TextInput
          label="Name"
          description="What will use it, so you know what to revoke later"
          placeholder="Weekly report script"
          value={name}
          onChange={(e) => {
            setName(e.currentTarget.value);
            form.touch('name');
          }}
          error={form.msg('name')}
          data-field="name"
          data-autofocus
        />
        <Radio.Group
          label="What it may do"
          value={scope}
          onChange={(v) => setScope(v as TokenScope)}
          error={form.msg('scope')}
        >
          <Stack gap="xs" mt="xs">
            <Radio
              value="read"
              label="Read only"
              description="Can look things up but never change anything"
            />
            <Radio
              value="write"
              label="Read and write"
              description={
                isViewer ? 'Viewers can create read-only tokens only' : 'Can do whatever you can do'
              }
              disabled={isViewer}
            />
          </Stack>
        </Radio.Group>
        {form.unplaced && (
          <Text size="sm" c="red.7" role="alert">
            {form.unplaced}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create token
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
