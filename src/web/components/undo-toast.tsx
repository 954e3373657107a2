import { Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ReactNode } from 'react';
import { messageOf } from '../api/client';

/** How long an Undo stays on offer: long enough to read the toast and change one's mind. */
const UNDO_MS = 8000;

/**
 * A toast that reports a change and offers to take it back for a few seconds. `undo` restores the earlier
 * state exactly (the server recomputes the due state); the toast then says so, or says why it could not.
 */
export function showUndoToast(options: {
  title: string;
  message?: ReactNode;
  undo: () => Promise<unknown>;
  undoneTitle: string;
}): void {
  const id = `undo-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const runUndo = async () => {
    notifications.update({ id, loading: true, autoClose: false, message: 'Undoing…' });
    try {
      await options.undo();
      notifications.update({
        id,
        loading: false,
        color: 'gray',
        title: options.undoneTitle,
        message: 'Everything is as it was.',
        autoClose: 4000,
      });
    } catch (error) {
      notifications.update({
        id,
        loading: false,
        color: 'red',
        title: 'Could not undo',
        message: messageOf(error),
        autoClose: 8000,
      });
    }
  };
  notifications.show({
    id,
    color: 'teal',
    title: options.title,
    autoClose: UNDO_MS,
    message: (
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Text size="sm" c="dimmed">
          {options.message}
        </Text>
        <Button size="compact-sm" variant="light" onClick={() => void runUndo()}>
          Undo
        </Button>
      </Group>
    ),
  });
}
