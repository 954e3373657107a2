import type { InteractionKind, LogInput } from '../api/queries';
import { type CallOutcome, CONVERSATIONS } from './quick-log-parts';

/** Each field's name in messages, in the order of the dialog. */
export const LOG_LABELS: Record<string, string> = {
  contactIds: 'Contacts',
  kind: 'Kind',
  occurredAt: 'When',
  outcome: 'Outcome',
  durationMinutes: 'Duration',
  summary: 'Summary',
  'nextStep.action': 'Next step',
  'nextStep.dueAt': 'Next step due',
  keepOpen: 'Open next steps',
};

/** Now for a touch logged today; midday UTC of an earlier day, so the day is the same in every time zone. */
function occurredAtFor(day: string, today: string): string {
  return day && day !== today ? `${day}T12:00:00.000Z` : new Date().toISOString();
}

/** What the log dialog holds, as it is typed. */
export type LogDraft = {
  contactIds: string[];
  kind: InteractionKind;
  isInbound: boolean;
  when: string;
  summary: string;
  action: string;
  dueAt: string;
  outcome: CallOutcome;
  minutes: number | '';
  keepOpen: string[];
};

/** The request body: a next step only when one is named, a call's outcome, a conversation's length. */
export function logBodyOf(draft: LogDraft, today: string): LogInput {
  return {
    contactIds: draft.contactIds,
    kind: draft.kind,
    direction: draft.isInbound ? 'in' : 'out',
    occurredAt: occurredAtFor(draft.when, today),
    summary: draft.summary.trim(),
    ...(draft.action.trim() ? { nextStep: { action: draft.action.trim(), dueAt: draft.dueAt } } : {}),
    ...(draft.kind === 'call' ? { outcome: draft.outcome } : {}),
    ...(CONVERSATIONS.includes(draft.kind) && draft.minutes !== '' ? { durationMinutes: draft.minutes } : {}),
    ...(draft.keepOpen.length > 0 ? { keepOpen: draft.keepOpen } : {}),
  };
}
