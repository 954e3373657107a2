import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { dateProblem } from '../../../shared/date-bounds.ts';
import { ApiError, messageOf } from '../../api/client';
import { useUndo, useUpdateContact } from '../../api/queries';
import { showUndoToast } from '../../components/undo-toast';
import { addDays, formatDay, isIsoDate, todayIso } from '../../lib/dates';

/** The contact to snooze, with its snooze as it is now: the Undo writes that back. */
export type SnoozeTarget = { id: string; name: string; snoozedUntil?: string | null };

const CHOICES = [
  { label: 'Tomorrow', days: 1 },
  { label: '1 week', days: 7 },
  { label: '2 weeks', days: 14 },
  { label: '1 month', days: 30 },
];

/** Hides a contact from Today until a date. */
export function SnoozeModal({ contact, onClose }: { contact: SnoozeTarget | null; onClose: () => void }) {
  return (
    <Modal opened={contact !== null} onClose={onClose} title={contact ? `Snooze ${contact.name}` : ''}>
      {contact && <SnoozeForm key={contact.id} contact={contact} onDone={onClose} />}
    </Modal>
  );
}

function SnoozeForm({ contact, onDone }: { contact: SnoozeTarget; onDone: () => void }) {
  const today = todayIso();
  const [until, setUntil] = useState(addDays(today, 7));
  const update = useUpdateContact();
  const undo = useUndo();
  const error = update.error instanceof ApiError ? update.error : null;
  // The API's bounds, checked as the date is typed: not today or earlier, at most two years ahead.
  const problem = !isIsoDate(until)
    ? 'Enter a date'
    : until <= today
      ? 'Pick a day after today'
      : dateProblem('snooze', until, today) && 'Snooze at most 2 years ahead';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (problem) return;
    const earlier = contact.snoozedUntil ?? null;
    update.mutate(
      { id: contact.id, snoozedUntil: until },
      {
        onSuccess: () => {
          showUndoToast({
            title: `Snoozed ${contact.name}`,
            message: `Back on Today on ${formatDay(until)}`,
            undo: () => undo.contact(contact.id, { snoozedUntil: earlier }),
            undoneTitle: earlier ? `${contact.name} snoozed as before` : `${contact.name} is back on Today`,
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
          max={addDays(today, 730)}
          onChange={(e) => {
            if (update.isError) update.reset();
            setUntil(e.currentTarget.value);
          }}
          error={
            problem ||
            error?.fieldMessage('body.snoozedUntil') ||
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
