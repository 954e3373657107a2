import { Button, Group, Input, Modal, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { ApiError, messageOf } from '../../api/client';
import { usePlanNextStep } from '../../api/queries';
import { addDays, formatDay, todayIso } from '../../lib/dates';

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
  const error = plan.error instanceof ApiError ? plan.error : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    plan.mutate(
      { contactId: contact.id, action: action.trim(), dueAt },
      {
        onSuccess: () => {
          notifications.show({
            title: `Planned: ${action.trim()}`,
            message: `With ${contact.name}, ${formatDay(dueAt)}`,
          });
          onDone();
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <TextInput
          label="Action"
          placeholder="e.g. Call to catch up"
          value={action}
          onChange={(e) => setAction(e.currentTarget.value)}
          error={error?.fieldMessage('body.action')}
          required
          data-autofocus
        />
        <TextInput
          type="date"
          label="Due"
          value={dueAt}
          onChange={(e) => setDueAt(e.currentTarget.value)}
          error={error?.fieldMessage('body.dueAt')}
          required
        />
        {error && !error.fields.length && <Input.Error>{messageOf(error)}</Input.Error>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={plan.isPending} disabled={!action.trim()}>
            Plan next step
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
