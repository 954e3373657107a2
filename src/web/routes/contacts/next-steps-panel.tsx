import {
  Button,
  Checkbox,
  Collapse,
  Group,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { NextStepInput, NextStepPatchInput } from '../../../shared/next-step-input.ts';
import { messageOf } from '../../api/client';
import { type NextStep, useNextSteps, useNextStepWrites } from '../../api/contacts';
import { useUndo } from '../../api/queries';
import { ErrorState, ListSkeleton } from '../../components/states';
import { showUndoToast } from '../../components/undo-toast';
import { addDays, formatDay, todayIso } from '../../lib/dates';
import { problemsOf } from '../../lib/form-problems';
import { useFormProblems } from '../../lib/use-form-problems';
import { ConfirmDelete } from './facts-panel';

/** Open next steps to complete or reschedule, a form to add one, and the done ones folded away. */
export function NextStepsPanel({ contactId }: { contactId: string }) {
  const steps = useNextSteps(contactId);
  const [showDone, setShowDone] = useState(false);
  const open = (steps.data ?? []).filter((s) => !s.done).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  const done = (steps.data ?? []).filter((s) => s.done);

  return (
    <Paper withBorder radius="lg" p="md" component="section" aria-labelledby="steps-heading">
      <Title order={2} size="h5" mb="sm" id="steps-heading">
        Next steps
      </Title>
      {steps.isPending ? (
        <ListSkeleton rows={1} label="Loading next steps" />
      ) : steps.isError ? (
        <ErrorState error={steps.error} onRetry={() => void steps.refetch()} />
      ) : (
        <Stack gap="sm">
          {open.length === 0 ? (
            <Text size="sm" c="dimmed">
              No open next step.
            </Text>
          ) : (
            <Stack component="ul" gap="xs" p={0} m={0} aria-label="Open next steps">
              {open.map((step) => (
                <OpenStep key={step.id} step={step} />
              ))}
            </Stack>
          )}
          <AddStep contactId={contactId} />
          {done.length > 0 && (
            <>
              <UnstyledButton onClick={() => setShowDone((s) => !s)} aria-expanded={showDone}>
                <Group gap={4}>
                  {showDone ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
                  <Text size="xs" c="dimmed" fw={600}>
                    Done ({done.length})
                  </Text>
                </Group>
              </UnstyledButton>
              <Collapse expanded={showDone}>
                <Stack component="ul" gap={4} p={0} m={0} aria-label="Done next steps">
                  {done.map((step) => (
                    <DoneStep key={step.id} step={step} />
                  ))}
                </Stack>
              </Collapse>
            </>
          )}
        </Stack>
      )}
    </Paper>
  );
}

function OpenStep({ step }: { step: NextStep }) {
  const writes = useNextStepWrites();
  const undo = useUndo();
  const today = todayIso();
  const isLate = step.dueAt < today;
  const error = writes.patch.error ?? writes.remove.error;
  return (
    <Stack component="li" gap={4} style={{ listStyle: 'none' }} aria-label={step.action}>
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Checkbox
          mt={3}
          checked={writes.patch.isPending && writes.patch.variables?.done === true}
          onChange={() =>
            // mutateAsync: the step leaves the open list (and this row unmounts) once it is done.
            void writes.patch.mutateAsync({ id: step.id, done: true }).then(
              () =>
                showUndoToast({
                  title: `Done: ${step.action}`,
                  undo: () => undo.step(step.id, false),
                  undoneTitle: `Reopened: ${step.action}`,
                }),
              () => undefined,
            )
          }
          disabled={writes.patch.isPending}
          aria-label={`Mark done: ${step.action}`}
        />
        <Stack gap={0} style={{ flex: 1 }} miw={0}>
          <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
            {step.action}
          </Text>
          <Text size="xs" c={isLate ? 'orange.8' : 'dimmed'}>
            {isLate ? 'Was due' : 'Due'} {formatDay(step.dueAt)}
          </Text>
        </Stack>
        <RescheduleInput step={step} onChange={(dueAt) => writes.patch.mutate({ id: step.id, dueAt })} />
        <ConfirmDelete what={`next step: ${step.action}`} onConfirm={() => writes.remove.mutate(step.id)} />
      </Group>
      {error && (
        <Text size="xs" c="red" role="alert">
          {messageOf(error)}
        </Text>
      )}
    </Stack>
  );
}

/**
 * A date that saves when it loses focus or on Enter, not on every keystroke of a typed year. A day the API
 * would refuse is named under the field and not sent; an emptied field goes back to the step's day.
 */
function RescheduleInput({ step, onChange }: { step: NextStep; onChange: (dueAt: string) => void }) {
  const [value, setValue] = useState(step.dueAt);
  const [isTried, setTried] = useState(false);
  const problem = problemsOf(NextStepPatchInput, { dueAt: value }, { dueAt: 'Due' }).dueAt;
  const commit = () => {
    if (value === '' || value === step.dueAt) {
      setValue(step.dueAt);
      setTried(false);
    } else if (problem) setTried(true);
    else onChange(value);
  };
  return (
    <TextInput
      type="date"
      size="xs"
      w={138}
      aria-label={`Reschedule ${step.action}`}
      value={value}
      onChange={(e) => setValue(e.currentTarget.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          commit();
        }
      }}
      error={isTried ? problem?.message : undefined}
    />
  );
}

function DoneStep({ step }: { step: NextStep }) {
  const writes = useNextStepWrites();
  return (
    <Group component="li" gap="xs" wrap="nowrap" style={{ listStyle: 'none' }}>
      <Checkbox
        checked
        onChange={() => writes.patch.mutate({ id: step.id, done: false })}
        aria-label={`Reopen: ${step.action}`}
        size="xs"
      />
      <Text size="sm" c="dimmed" td="line-through" style={{ flex: 1 }}>
        {step.action}
      </Text>
      {step.doneAt && (
        <Text size="xs" c="dimmed">
          {formatDay(step.doneAt)}
        </Text>
      )}
    </Group>
  );
}

/** The new-step field's id, which the palette's "Add a next step" focuses. */
export const ADD_STEP_FIELD = 'add-step-action';

/** Each field's name in messages, in the order of the form. */
const ADD_LABELS = { action: 'Next step', dueAt: 'Due' };

function AddStep({ contactId }: { contactId: string }) {
  const writes = useNextStepWrites();
  const [action, setAction] = useState('');
  const [dueAt, setDueAt] = useState(addDays(todayIso(), 7));
  const value = { contactId, action, dueAt };
  const form = useFormProblems({ schema: NextStepInput, value, labels: ADD_LABELS, error: writes.add.error });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!form.check(event.currentTarget)) return;
    writes.add.mutate(value, {
      onSuccess: () => {
        setAction('');
        form.reset();
        writes.add.reset();
      },
    });
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Add a next step">
      <Stack gap={6}>
        <TextInput
          id={ADD_STEP_FIELD}
          label="New next step"
          placeholder="e.g. Send the proposal"
          value={action}
          onChange={(e) => {
            setAction(e.currentTarget.value);
            form.touch('action');
          }}
          error={form.msg('action') ?? form.unplaced ?? undefined}
          data-field="action"
          size="sm"
        />
        <Group gap={6} align="flex-end" wrap="nowrap">
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
            size="sm"
            style={{ flex: 1 }}
          />
          <Button type="submit" size="sm" variant="light" loading={writes.add.isPending}>
            Add step
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
