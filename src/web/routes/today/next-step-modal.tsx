import { Button, Group, Input, Modal, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { NextStepInput } from '../../../shared/next-step-input.ts';
import { usePlanNextStep } from '../../api/queries';
import { addDays, formatDay, todayIso } from '../../lib/dates';
import { useFormProblems } from '../../lib/use-form-problems';

/** Each field's name in messages, in the order of the form. */
const LABELS = { action: 'Action', dueAt: 'Due' };

/** Plans a next step for a contact that has no plan. */
export function NextStepModal({
  contact,
  onClose,
}: {
  contact: { id: string; name: string } | null;
  onClose: () => void;
}) {
  return (
    <Modal
      opened={contact !== null}
      onClose={onClose}
      title={contact ? `Next step with ${contact.name}` : ''}
    >
      {contact && <NextStepForm key={contact.id} contact={contact} onDone={onClose} />}
    </Modal>
  );
}

function NextStepForm({ contact, onDone }: { contact: { id: string; name: string }; onDone: () => void }) {
  const [action, setAction] = useState('');
  const [dueAt, setDueAt] = useState(addDays(todayIso(), 7));
  const plan = usePlanNextStep();
  const value = { contactId: contact.id, action: action.trim(), dueAt };
  const form = useFormProblems({ schema: NextStepInput, value, labels: LABELS, error: plan.error });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!form.check(event.currentTarget)) return;
    plan.mutate(value, {
      onSuccess: () => {
        notifications.show({
          title: `Planned: ${value.action}`,
          message: `With ${contact.name}, ${formatDay(dueAt)}`,
        });
        onDone();
      },
    });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <TextInput
          label="Action"
          placeholder="e.g. Call to catch up"
          value={action}
          onChange={(e) => {
            setAction(e.currentTarget.value);
            form.touch('action');
          }}
          error={form.msg('action')}
          data-field="action"
          required
          data-autofocus
        />
        <TextInput
          type="date"
          label="Due"
          value={dueAt}
          onChange={(e) => {
            setDueAt(e.currentTarget.value);
            form.touch('dueAt');
          }}
          error={form.msg('dueAt')}
          data-field="dueAt"
          required
        />
        {form.unplaced && <Input.Error role="alert">{form.unplaced}</Input.Error>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={plan.isPending}>
            Plan next step
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
