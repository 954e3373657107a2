import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { ApiError, messageOf } from '../../api/client';
import { useUpdateContact } from '../../api/queries';
import { addDays, formatDay, todayIso } from '../../lib/dates';

const CHOICES = [
  { label: 'Tomorrow', days: 1 },
  { label: '1 week', days: 7 },
  { label: '2 weeks', days: 14 },
  { label: '1 month', days: 30 },
];

/** Hides a contact from Today until a date. */
export function SnoozeModal({
  contact,
  onClose,
}: {
  contact: { id: string; name: string } | null;
  onClose: () => void;
}) {
  return (
    <Modal opened={contact !== null} onClose={onClose} title={contact ? `Snooze ${contact.name}` : ''}>
      {contact && <SnoozeForm key={contact.id} contact={contact} onDone={onClose} />}
    </Modal>
  );
}

function SnoozeForm({ contact, onDone }: { contact: { id: string; name: string }; onDone: () => void }) {
  const today = todayIso();
  const [until, setUntil] = useState(addDays(today, 7));
  const update = useUpdateContact();
  const error = update.error instanceof ApiError ? update.error : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(
      { id: contact.id, snoozedUntil: until },
      {
        onSuccess: () => {
          notifications.show({
            title: `Snoozed ${contact.name}`,
            message: `Back on Today on ${formatDay(until)}`,
          });
          onDone();
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {contact.name} leaves Today and comes back on this date.
        </Text>
        <TextInput
          type="date"
          label="Snooze until"
          value={until}
          min={addDays(today, 1)}
          onChange={(e) => setUntil(e.currentTarget.value)}
          error={
            error?.fieldMessage('body.snoozedUntil') ??
            (error && !error.fields.length ? messageOf(error) : undefined)
          }
          data-autofocus
        />
        <Group gap={6}>
          {CHOICES.map((c) => (
            <Button
              key={c.label}
              size="compact-xs"
              variant={until === addDays(today, c.days) ? 'light' : 'subtle'}
              onClick={() => setUntil(addDays(today, c.days))}
            >
              {c.label}
            </Button>
          ))}
        </Group>
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={update.isPending} disabled={!until}>
            Snooze
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
