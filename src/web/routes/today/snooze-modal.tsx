import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { z } from 'zod';
import { SnoozeDate } from '../../../shared/contact-input.ts';
import { useUndo, useUpdateContact } from '../../api/queries';
import { showUndoToast } from '../../components/undo-toast';
import { addDays, formatDay, todayIso } from '../../lib/dates';
import { useFormProblems } from '../../lib/use-form-problems';

/** The contact to snooze, with its snooze as it is now: the Undo writes that back. */
export type SnoozeTarget = { id: string; name: string; snoozedUntil?: string | null };

const CHOICES = [
  { label: 'Tomorrow', days: 1 },
  { label: '1 week', days: 7 },
  { label: '2 weeks', days: 14 },
  { label: '1 month', days: 30 },
];

/** The API's rule for the date, and one of this form's: a snooze that ends today or earlier does nothing. */
const SnoozeInput = z.object({
  snoozedUntil: SnoozeDate.refine((day) => day > todayIso(), { error: 'must be after today' }),
});
const LABELS = { snoozedUntil: 'Snooze until' };

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
  const form = useFormProblems({
    schema: SnoozeInput,
    value: { snoozedUntil: until },
    labels: LABELS,
    error: update.error,
  });
  const choose = (day: string) => {
    if (update.isError) update.reset();
    setUntil(day);
    form.touch('snoozedUntil');
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!form.check(event.currentTarget)) return;
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
          onChange={(e) => choose(e.currentTarget.value)}
          error={form.msg('snoozedUntil') ?? form.unplaced ?? undefined}
          data-field="snoozedUntil"
          data-autofocus
        />
        <Group gap={6}>
          {CHOICES.map((c) => (
            <Button
              key={c.label}
              size="compact-xs"
              variant={until === addDays(today, c.days) ? 'light' : 'subtle'}
              onClick={() => choose(addDays(today, c.days))}
            >
              {c.label}
            </Button>
          ))}
        </Group>
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={update.isPending}>
            Snooze
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
