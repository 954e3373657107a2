import { Checkbox, Group, NumberInput, Select, Stack, Text } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { CALL_OUTCOMES, type CallOutcome } from '../../shared/vocabulary.ts';
import { api, unwrap } from '../api/client';
import { contactKeys } from '../api/contacts';
import { type InteractionKind, useTiers } from '../api/queries';
import { formatDay } from '../lib/dates';
import type { PickedContact } from './quick-log-context';

export type { CallOutcome };

/** The kinds of touch, in the order the dialog offers them. */
export const KINDS: { value: InteractionKind; label: string }[] = [
  { value: 'call', label: 'Call' },
  { value: 'meeting', label: 'Meeting' },
  { value: 'email', label: 'Email' },
  { value: 'message', label: 'Message' },
  { value: 'letter', label: 'Letter' },
  { value: 'note', label: 'Note' },
];

/** Calls and meetings are conversations: they should end with a next step, and have a duration. */
export const CONVERSATIONS: InteractionKind[] = ['call', 'meeting'];

const OUTCOME_LABEL: Record<CallOutcome, string> = {
  connected: 'Connected',
  voicemail: 'Left a voicemail',
  no_answer: 'No answer',
  wrong_number: 'Wrong number',
};

/**
 * The tiers of the picked contacts that require a next step after a conversation (the server refuses the
 * log without one), best priority first. A contact opened without its tier is looked up.
 */
export function useStrictTiers(contacts: PickedContact[]): { id: string; name: string }[] {
  const tiers = useTiers();
  const unknown = contacts.filter((c) => c.tierId === undefined);
  const looked = useQueries({
    queries: unknown.map((c) => ({
      queryKey: contactKeys.one(c.id),
      queryFn: () => unwrap(api.GET('/api/contacts/{id}', { params: { path: { id: c.id } } })),
      staleTime: 60_000,
    })),
  });
  const ids = new Set<string>();
  for (const c of contacts) if (c.tierId) ids.add(c.tierId);
  for (const q of looked) if (q.data?.tier) ids.add(q.data.tier.id);
  return (tiers.data ?? []).filter((t) => t.requireNextStep && ids.has(t.id));
}

/** What a logged touch does to next steps: the server's rule (record-touches.ts), for the dialog to show. */
export function completesSteps(input: { kind: InteractionKind; isInbound: boolean; outcome: CallOutcome }) {
  if (input.isInbound || input.kind === 'note') return false;
  return !(input.kind === 'call' && input.outcome !== 'connected');
}

type OpenStep = { id: string; contactId: string; action: string; dueAt: string };

/** The picked contacts' open next steps, soonest first. */
export function useOpenSteps(contacts: PickedContact[]): OpenStep[] {
  const results = useQueries({
    queries: contacts.map((c) => ({
      queryKey: [...contactKeys.steps(c.id), 'open'],
      queryFn: async () =>
        (
          await unwrap(
            api.GET('/api/next-steps', { params: { query: { contactId: c.id, status: 'open', limit: 20 } } }),
          )
        ).items,
      staleTime: 30_000,
    })),
  });
  return results.flatMap((r) => r.data ?? []).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}

/**
 * The contacts' open next steps, each marked with whether logging this touch completes it (an outbound
 * touch completes the steps due by its day), and a box to keep such a step open.
 */
export function OpenSteps({
  steps,
  contacts,
  day,
  isCompleting,
  keepOpen,
  onKeepOpen,
}: {
  steps: OpenStep[];
  contacts: PickedContact[];
  day: string;
  isCompleting: boolean;
  keepOpen: string[];
  onKeepOpen: (ids: string[]) => void;
}) {
  if (steps.length === 0) return null;
  const nameOf = (id: string) => contacts.find((c) => c.id === id)?.name ?? '';
  return (
    <Stack gap={4} role="group" aria-label="Open next steps">
      <Text size="sm" fw={500}>
        Open next steps
      </Text>
      {steps.map((step) => {
        const willComplete = isCompleting && step.dueAt <= day && !keepOpen.includes(step.id);
        const isDue = isCompleting && step.dueAt <= day;
        return (
          <Group key={step.id} gap="xs" wrap="nowrap" justify="space-between" aria-label={step.action}>
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {step.action}{' '}
              <Text span size="xs" c="dimmed">
                {contacts.length > 1 ? `${nameOf(step.contactId)}, ` : ''}due {formatDay(step.dueAt)}
                {' · '}
                {willComplete ? 'this log completes it' : 'stays open'}
              </Text>
            </Text>
            {isDue && (
              <Checkbox
                size="xs"
                label="Keep open"
                checked={keepOpen.includes(step.id)}
                onChange={(e) =>
                  onKeepOpen(
                    e.currentTarget.checked
                      ? [...keepOpen, step.id]
                      : keepOpen.filter((id) => id !== step.id),
                  )
                }
              />
            )}
          </Group>
        );
      })}
    </Stack>
  );
}

/** A call's outcome and a conversation's length in minutes. */
export function CallFields({
  kind,
  outcome,
  onOutcome,
  minutes,
  onMinutes,
  error,
}: {
  kind: InteractionKind;
  outcome: CallOutcome;
  onOutcome: (outcome: CallOutcome) => void;
  minutes: number | '';
  onMinutes: (minutes: number | '') => void;
  /** A field's problem, by its key in the request body. */
  error: (field: string) => ReactNode;
}) {
  if (!CONVERSATIONS.includes(kind)) return null;
  return (
    <Group gap="sm" align="flex-start" grow>
      {kind === 'call' && (
        <Select
          label="Outcome"
          data={CALL_OUTCOMES.map((value) => ({ value, label: OUTCOME_LABEL[value] }))}
          value={outcome}
          onChange={(value) => value && onOutcome(value as CallOutcome)}
          allowDeselect={false}
          error={error('outcome')}
          description={
            outcome === 'connected'
              ? undefined
              : 'An attempt: it counts, but the rhythm waits for a real talk'
          }
        />
      )}
      <NumberInput
        label="Duration (minutes)"
        min={0}
        max={1440}
        clampBehavior="none"
        allowDecimal={false}
        allowNegative={false}
        value={minutes}
        onChange={(value) => onMinutes(typeof value === 'number' ? value : '')}
        error={error('durationMinutes')}
        data-field="durationMinutes"
      />
    </Group>
  );
}
