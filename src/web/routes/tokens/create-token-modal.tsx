import { Alert, Button, Group, Modal, Radio, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { type TokenScope, useCreateToken } from '../../api/account';
import { ApiError, messageOf } from '../../api/client';
import type { Me } from '../../api/queries';
import { CopyField } from '../../components/copy-field';

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
  const [isSubmitted, setSubmitted] = useState(false);
  const create = useCreateToken();
  const error = create.error instanceof ApiError ? create.error : null;
  const nameError =
    isSubmitted && name.trim() === ''
      ? 'Give it a name, such as the app that will use it'
      : error?.fieldMessage('body.name');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (name.trim() === '') return;
    create.mutate({ name: name.trim(), scope }, { onSuccess: (made) => onCreated(made) });
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Create an API token">
      <Stack gap="md">
        <TextInput
          label="Name"
          description="What will use it, so you know what to revoke later"
          placeholder="Weekly report script"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={nameError}
          maxLength={100}
          data-autofocus
        />
        <Radio.Group
          label="What it may do"
          value={scope}
          onChange={(v) => setScope(v as TokenScope)}
          error={error?.fieldMessage('body.scope')}
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
        {error && !error.fieldMessage('body.name') && !error.fieldMessage('body.scope') && (
          <Text size="sm" c="red.7" role="alert">
            {messageOf(error)}
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
