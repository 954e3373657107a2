import {
  Alert,
  Button,
  Chip,
  Flex,
  Group,
  Input,
  Modal,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useDidUpdate, useHotkeys, useMediaQuery } from '@mantine/hooks';
import { IconAlertTriangle } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { dateProblem } from '../../shared/date-bounds.ts';
import { ApiError, messageOf } from '../api/client';
import { type InteractionKind, type LogInput, useLogInteraction, useUndo } from '../api/queries';
import { addDays, formatDay, isIsoDate, todayIso } from '../lib/dates';
import { returnFocus } from '../lib/focus-return';
import { ContactPicker } from './contact-picker';
import { type PickedContact, useQuickLog } from './quick-log-context';
import {
  CallFields,
  type CallOutcome,
  CONVERSATIONS,
  completesSteps,
  KINDS,
  OpenSteps,
  useOpenSteps,
  useStrictTiers,
} from './quick-log-parts';
import { showUndoToast } from './undo-toast';

/** Now for a touch logged today; midday UTC of an earlier day, so the day is the same in every time zone. */
function occurredAtFor(day: string, today: string): string {
  return day && day !== today ? `${day}T12:00:00.000Z` : new Date().toISOString();
}

/** The quick log dialog; its form remounts on every opening so it starts from the preset. */
export function QuickLogModal() {
  const { state, close } = useQuickLog();
  const isPhone = useMediaQuery('(max-width: 36em)');
  // Gives the focus back where it was when the quick log opened (see lib/focus-return.ts).
  useDidUpdate(() => {
    if (!state.opened) returnFocus();
  }, [state.opened]);
  return (
    <Modal
      opened={state.opened}
      onClose={close}
      returnFocus={false}
      title={<Text fw={650}>Log a touch</Text>}
      size="lg"
      fullScreen={isPhone}
      radius={isPhone ? 0 : 'md'}
      transitionProps={{ duration: isPhone ? 0 : 150 }}
    >
      <QuickLogForm key={state.session} preset={state.contacts} onDone={close} />
    </Modal>
  );
}

function QuickLogForm({ preset, onDone }: { preset: PickedContact[]; onDone: () => void }) {
  const today = todayIso();
  const [contacts, setContacts] = useState<PickedContact[]>(preset);
  const [kind, setKind] = useState<InteractionKind>('call');
  const [isInbound, setIsInbound] = useState(false);
  const [when, setWhen] = useState(today);
  const [summary, setSummary] = useState('');
  const [action, setAction] = useState('');
  const [dueAt, setDueAt] = useState(addDays(today, 7));
  const [outcome, setOutcome] = useState<CallOutcome>('connected');
  const [minutes, setMinutes] = useState<number | ''>('');
  const [keepOpen, setKeepOpen] = useState<string[]>([]);
  const [isSubmitted, setSubmitted] = useState(false);
  const log = useLogInteraction();
  const undo = useUndo();
  const strict = useStrictTiers(contacts);
  const openSteps = useOpenSteps(contacts);
  const error = log.error instanceof ApiError ? log.error : null;
  const fieldError = (field: string) => error?.fieldMessage(field);
  /** Any edit clears the last refusal: its message described the form as it was. */
  const edit =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      if (log.isError) log.reset();
      set(value);
    };

  const interval = contacts.length === 1 ? contacts[0]?.intervalDays : null;
  const choices = [
    { label: 'In 1 week', days: 7 },
    { label: 'In 2 weeks', days: 14 },
    ...(interval ? [{ label: `Tier interval (${interval} days)`, days: interval }] : []),
  ];
  const isConversation = CONVERSATIONS.includes(kind);
  const isMissingNextStep = isConversation && !action.trim();
  // A tier that requires a next step after a conversation: the server refuses the log without one.
  const requiredBy = isConversation ? strict[0] : undefined;
  const dueProblem = !isIsoDate(dueAt)
    ? 'Enter a date'
    : dateProblem('nextStep', dueAt, today) && 'The next step cannot be more than a year ago';
  const clientErrors = {
    nextStep:
      requiredBy && !action.trim() && isSubmitted
        ? `${requiredBy.name} contacts need a next step after a ${kind}`
        : undefined,
    dueAt: action.trim() ? dueProblem || undefined : undefined,
    minutes: typeof minutes === 'number' && minutes > 1440,
  };

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    setSubmitted(true);
    if (log.isPending) return;
    if ((requiredBy && !action.trim()) || clientErrors.dueAt || clientErrors.minutes) return;
    const body: LogInput = {
      contactIds: contacts.map((c) => c.id),
      kind,
      direction: isInbound ? 'in' : 'out',
      occurredAt: occurredAtFor(when, today),
      summary: summary.trim(),
      ...(action.trim() ? { nextStep: { action: action.trim(), dueAt } } : {}),
      ...(kind === 'call' ? { outcome } : {}),
      ...(isConversation && minutes !== '' ? { durationMinutes: minutes } : {}),
      ...(keepOpen.length > 0 ? { keepOpen } : {}),
    };
    log.mutate(body, {
      onSuccess: (result) => {
        const who = result.interaction.contacts.map((c) => c.name).join(', ');
        showUndoToast({
          title: `Logged ${kind} with ${who}`,
          message: result.nextSteps[0]
            ? `Next step: ${result.nextSteps[0].action}, ${formatDay(result.nextSteps[0].dueAt)}`
            : 'No next step planned',
          undo: () => undo.interaction(result.interaction.id),
          undoneTitle: `Took back the ${kind} with ${who}`,
        });
        onDone();
      },
    });
  };
  useHotkeys([['mod+Enter', () => submit()]], []);

  return (
    <form onSubmit={submit} noValidate aria-label="Log a touch">
      <Stack gap="md">
        <ContactPicker
          value={contacts}
          onChange={edit(setContacts)}
          error={fieldError('body.contactIds')}
          autoFocus={preset.length === 0}
        />
        <Input.Wrapper label="Kind" error={fieldError('body.kind')}>
          <Chip.Group value={kind} onChange={(v) => edit(setKind)(v as InteractionKind)}>
            <Group gap={6} mt={6} role="radiogroup" aria-label="Kind">
              {KINDS.map((k) => (
                <Chip key={k.value} value={k.value} type="radio" size="sm" variant="outline">
                  {k.label}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
        </Input.Wrapper>
        <Flex
          direction={{ base: 'column', xs: 'row' }}
          align={{ base: 'stretch', xs: 'flex-end' }}
          justify="space-between"
          gap="sm"
        >
          <TextInput
            type="date"
            label="When"
            value={when}
            max={today}
            onChange={(e) => edit(setWhen)(e.currentTarget.value)}
            error={fieldError('body.occurredAt')}
            w={{ base: '100%', xs: 180 }}
          />
          <Switch
            label="They reached out to me"
            checked={isInbound}
            onChange={(e) => setIsInbound(e.currentTarget.checked)}
            mb={{ xs: 8 }}
          />
        </Flex>
        <CallFields
          kind={kind}
          outcome={outcome}
          onOutcome={edit(setOutcome)}
          minutes={minutes}
          onMinutes={edit(setMinutes)}
          error={fieldError}
        />
        <Textarea
          label="Summary"
          placeholder="What did you talk about?"
          value={summary}
          onChange={(e) => edit(setSummary)(e.currentTarget.value)}
          error={fieldError('body.summary')}
          autosize
          minRows={2}
          maxRows={6}
          required
          data-autofocus={preset.length > 0 || undefined}
        />
        <Stack gap={8}>
          <Flex
            direction={{ base: 'column', xs: 'row' }}
            align={{ base: 'stretch', xs: 'flex-start' }}
            gap="sm"
          >
            <TextInput
              label="Next step"
              placeholder="e.g. Send the proposal"
              value={action}
              onChange={(e) => edit(setAction)(e.currentTarget.value)}
              required={requiredBy !== undefined}
              error={
                clientErrors.nextStep ??
                (fieldError('body.nextStep') && !fieldError('body.nextStep.dueAt')
                  ? fieldError('body.nextStep')
                  : undefined)
              }
              style={{ flex: 1 }}
            />
            <TextInput
              type="date"
              label="Next step due"
              value={dueAt}
              min={addDays(today, -365)}
              onChange={(e) => edit(setDueAt)(e.currentTarget.value)}
              error={clientErrors.dueAt ?? fieldError('body.nextStep.dueAt')}
              w={{ base: '100%', xs: 180 }}
            />
          </Flex>
          <Group gap={6} aria-label="Quick dates" role="group">
            {choices.map((c) => (
              <Button
                key={c.label}
                size="compact-xs"
                variant={dueAt === addDays(today, c.days) ? 'light' : 'subtle'}
                onClick={() => edit(setDueAt)(addDays(today, c.days))}
              >
                {c.label}
              </Button>
            ))}
          </Group>
        </Stack>
        {requiredBy ? (
          <Alert color="blue" variant="light" icon={<IconAlertTriangle size={18} />} py="xs">
            {requiredBy.name} contacts need a next step after a {kind}.
          </Alert>
        ) : (
          isMissingNextStep &&
          !fieldError('body.nextStep') && (
            <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />} py="xs">
              A {kind} usually ends with a next step. Without one, Kith falls back to the contact's cadence.
            </Alert>
          )
        )}
        <OpenSteps
          steps={openSteps}
          contacts={contacts}
          day={when}
          isCompleting={completesSteps({ kind, isInbound, outcome })}
          keepOpen={keepOpen}
          onKeepOpen={setKeepOpen}
        />
        {error && !error.fields.length && (
          <Alert color="red" variant="light" role="alert" py="xs">
            {messageOf(error)}
          </Alert>
        )}
        <Group justify="space-between" mt="xs">
          <Text size="xs" c="dimmed" visibleFrom="xs">
            Ctrl + Enter saves
          </Text>
          <Group gap="sm" ml="auto">
            <Button variant="default" onClick={onDone}>
              Cancel
            </Button>
            <Button type="submit" loading={log.isPending}>
              Save
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}
