import { ActionIcon, Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlarm } from '@tabler/icons-react';
import { messageOf } from '../api/client';
import { useUndo, useUpdateContact } from '../api/queries';
import { formatDay } from '../lib/dates';
import { showUndoToast } from './undo-toast';

/**
 * Brings a snoozed contact back to Today in one click, with an Undo that snoozes it again until the same
 * day. `compact` is an icon for list rows; otherwise a labelled button.
 */
export function UnsnoozeButton({
  contact,
  isCompact = false,
}: {
  contact: { id: string; name: string; snoozedUntil: string };
  isCompact?: boolean;
}) {
  const update = useUpdateContact();
  const undo = useUndo();
  const label = `Unsnooze ${contact.name}`;
  // mutateAsync, not mutate's callbacks: the button unmounts as soon as the contact is no longer snoozed.
  const unsnooze = () =>
    update.mutateAsync({ id: contact.id, snoozedUntil: null }).then(
      () =>
        showUndoToast({
          title: `${contact.name} is back on Today`,
          message: `No longer snoozed until ${formatDay(contact.snoozedUntil)}`,
          undo: () => undo.contact(contact.id, { snoozedUntil: contact.snoozedUntil }),
          undoneTitle: `${contact.name} snoozed again until ${formatDay(contact.snoozedUntil)}`,
        }),
      (error: unknown) =>
        notifications.show({ color: 'red', title: 'Could not unsnooze', message: messageOf(error) }),
    );
  if (isCompact) {
    return (
      <ActionIcon
        variant="subtle"
        color="violet"
        size="md"
        onClick={() => void unsnooze()}
        loading={update.isPending}
        aria-label={label}
        title="Bring back to Today"
      >
        <IconAlarm size={16} />
      </ActionIcon>
    );
  }
  return (
    <Button
      variant="light"
      color="violet"
      size="compact-sm"
      leftSection={<IconAlarm size={14} />}
      onClick={() => void unsnooze()}
      loading={update.isPending}
      aria-label={label}
    >
      Unsnooze
    </Button>
  );
}
