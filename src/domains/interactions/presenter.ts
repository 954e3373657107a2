import { daysBetween, todayUtc } from '../../shared/dates.ts';
import type { InteractionRecord } from './interactions.ts';
import type { LoggedInteraction } from './log-interaction.ts';
import type { DueStateRow } from './lookup.ts';
import type { NextStepRow } from './record-touches.ts';
import type {
  ContactDueOutput,
  InteractionOutput,
  LoggedInteractionOutput,
  NextStepOutput,
} from './validators.ts';

/** Picks the API fields of an interaction with its participants. */
export function presentInteraction({ row, participants, inReplyToId }: InteractionRecord): InteractionOutput {
  return {
    id: row.id,
    kind: row.kind,
    direction: row.direction,
    occurredAt: row.occurredAt.toISOString(),
    summary: row.summary,
    body: row.body,
    source: row.source,
    externalId: row.externalId,
    outcome: row.outcome,
    durationMinutes: row.durationMinutes,
    touchClass: row.touchClass,
    private: row.isPrivate,
    contacts: participants,
    isReply: row.inReplyTo !== null,
    inReplyToId,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Picks the API fields of a next step. */
export function presentNextStep(row: NextStepRow): NextStepOutput {
  return {
    id: row.id,
    contactId: row.contactId,
    action: row.action,
    dueAt: row.dueOn,
    done: row.doneAt !== null,
    doneAt: row.doneAt?.toISOString() ?? null,
    interactionId: row.interactionId,
    createdAt: row.createdAt.toISOString(),
  };
}

/** A contact's due state as a client updates its lists from it; overdue days count to `today`. */
export function presentDueState(row: DueStateRow, today: string = todayUtc()): ContactDueOutput {
  return {
    id: row.id,
    lastTouchAt: row.lastTouchAt?.toISOString() ?? null,
    nextDueAt: row.nextDueOn,
    dueReason: row.dueReason,
    overdueDays: row.nextDueOn ? Math.max(0, daysBetween(row.nextDueOn, today)) : null,
  };
}

/** What POST /api/interactions answers. */
export function presentLogged(logged: LoggedInteraction): LoggedInteractionOutput {
  const today = todayUtc();
  return {
    interaction: presentInteraction({
      row: logged.interaction,
      participants: logged.participants,
      inReplyToId: null,
    }),
    nextSteps: logged.nextSteps.map(presentNextStep),
    nextStepMissing: logged.nextStepMissing,
    duplicate: logged.duplicate,
    contacts: logged.contacts.map((c) => presentDueState(c, today)),
  };
}
