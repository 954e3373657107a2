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
import { InteractionInput } from '../../shared/interaction-input.ts';
import { type InteractionKind, useLogInteraction, useUndo } from '../api/queries';
import { addDays, formatDay, todayIso } from '../lib/dates';
import { returnFocus } from '../lib/focus-return';
import { useFormProblems } from '../lib/use-form-problems';
import { ContactPicker } from './contact-picker';
import { LOG_LABELS, logBodyOf } from './quick-log-body';
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
  const body = logBodyOf(
    {
      contactIds: contacts.map((c) => c.id),
      kind,
      isInbound,
      when,
      summary,
      action,
      dueAt,
      outcome,
      minutes,
      keepOpen,
    },
    today,
  );
  const form = useFormProblems({
    schema: InteractionInput,
    value: body,
    labels: LOG_LABELS,
    error: log.error,
  });
  /** Any edit clears the last refusal, as its message described the form as it was; the field shows its own. */
  const edit =
    <T,>(set: (value: T) => void, field?: string) =>
    (value: T) => {
      if (log.isError) log.reset();
      set(value);
      if (field) form.touch(field);
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
  // The tier's rule is this dialog's own: the schema cannot know which contacts need a next step.
  const tierProblem =
    requiredBy && !action.trim() && isSubmitted
      ? `${requiredBy.name} contacts need a next step after a ${kind}`
      : undefined;

  const submit = (event?: FormEvent<HTMLFormElement>) => {
    event?.preventDefault();
    setSubmitted(true);
    if (log.isPending) return;
    const root = event?.currentTarget ?? document;
    if (!form.check(root)) return;
    if (requiredBy && !action.trim()) {
      root.querySelector<HTMLElement>('[data-field="nextStep.action"]')?.focus();
      return;
    }
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
          onChange={edit(setContacts, 'contactIds')}
          error={form.msg('contactIds')}
          autoFocus={preset.length === 0}
        />
        <Input.Wrapper label="Kind" error={form.msg('kind')}>
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
            onChange={(e) => edit(setWhen, 'occurredAt')(e.currentTarget.value)}
            error={form.msg('occurredAt')}
            data-field="occurredAt"
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
          onOutcome={edit(setOutcome, 'outcome')}
          minutes={minutes}
          onMinutes={edit(setMinutes, 'durationMinutes')}
          error={form.msg}
        />
        <Textarea
          label="Summary"
          placeholder="What did you talk about?"
          value={summary}
          onChange={(e) => edit(setSummary, 'summary')(e.currentTarget.value)}
          error={form.msg('summary')}
          data-field="summary"
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
              onChange={(e) => edit(setAction, 'nextStep.action')(e.currentTarget.value)}
              required={requiredBy !== undefined}
              error={tierProblem ?? form.msg('nextStep.action') ?? form.msg('nextStep')}
              data-field="nextStep.action"
              style={{ flex: 1 }}
            />
            <TextInput
              type="date"
              label="Next step due"
              value={dueAt}
              min={addDays(today, -365)}
              onChange={(e) => edit(setDueAt, 'nextStep.dueAt')(e.currentTarget.value)}
              error={form.msg('nextStep.dueAt')}
              data-field="nextStep.dueAt"
              w={{ base: '100%', xs: 180 }}
            />
          </Flex>
          <Group gap={6} aria-label="Quick dates" role="group">
            {choices.map((c) => (
              <Button
                key={c.label}
                size="compact-xs"
                variant={dueAt === addDays(today, c.days) ? 'light' : 'subtle'}
                onClick={() => edit(setDueAt, 'nextStep.dueAt')(addDays(today, c.days))}
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
          !log.isError && (
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
        {form.unplaced && (
          <Alert color="red" variant="light" role="alert" py="xs">
            {form.unplaced}
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
