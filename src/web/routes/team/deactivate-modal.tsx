import { Button, Group, List, Modal, NativeSelect, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { ApiError, messageOf } from '../../api/client';
import type { User } from '../../api/contacts';
import { useUpdateUser } from '../../api/team';

/** Asks before deactivating someone, and who takes over their contacts. */
export function DeactivateModal({
  user,
  users,
  meId,
  onClose,
}: {
  user: User | null;
  users: User[];
  meId: string;
  onClose: () => void;
}) {
  return (
    <Modal opened={user !== null} onClose={onClose} title={user ? `Deactivate ${user.name}?` : ''}>
      {user && <DeactivateForm key={user.id} user={user} users={users} meId={meId} onDone={onClose} />}
    </Modal>
  );
}

function DeactivateForm({
  user,
  users,
  meId,
  onDone,
}: {
  user: User;
  users: User[];
  meId: string;
  onDone: () => void;
}) {
  // Contacts go to someone who can look after them: active, not a viewer, not the person leaving.
  const heirs = users.filter((u) => u.active && u.role !== 'viewer' && u.id !== user.id);
  const [reassignTo, setReassignTo] = useState(
    () => heirs.find((u) => u.id === meId)?.id ?? heirs[0]?.id ?? '',
  );
  const update = useUpdateUser();
  const error = update.error instanceof ApiError ? update.error : null;
  const pickError = error?.fieldMessage('body.reassignTo');

  const submit = () =>
    update.mutate(
      { id: user.id, active: false, ...(reassignTo ? { reassignTo } : {}) },
      {
        onSuccess: () => {
          const heir = heirs.find((u) => u.id === reassignTo);
          notifications.show({
            title: `${user.name} is deactivated`,
            message: heir ? `Their contacts are now ${heir.name}'s` : '',
          });
          onDone();
        },
      },
    );

  return (
    <Stack gap="md">
      <Text size="sm">{user.id === meId ? 'If you leave:' : 'What happens:'}</Text>
      <List size="sm" spacing={4}>
        <List.Item>They are signed out everywhere and cannot sign in.</List.Item>
        <List.Item>Their API tokens and password reset links stop working.</List.Item>
        <List.Item>Their history stays. You can reactivate them later.</List.Item>
      </List>
      <NativeSelect
        label="Who takes over their contacts?"
        description="Every contact they own moves to this person"
        value={reassignTo}
        onChange={(e) => setReassignTo(e.currentTarget.value)}
        data={heirs.map((u) => ({ value: u.id, label: u.id === meId ? `${u.name} (you)` : u.name }))}
        error={pickError}
      />
      {error && !pickError && (
        <Text size="sm" c="red.7" role="alert">
          {messageOf(error)}
        </Text>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone} data-autofocus>
          Cancel
        </Button>
        <Button color="red" onClick={submit} loading={update.isPending}>
          Deactivate {user.name}
        </Button>
      </Group>
    </Stack>
  );
}
