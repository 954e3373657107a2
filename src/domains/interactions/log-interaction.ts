import { and, asc, eq, inArray, or } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../shared/errors.ts';
import { tiers } from '../cadence/schema.ts';
import {
  type DueStateRow,
  loadParticipants,
  type Participant,
  readDueStates,
  requireContacts,
} from './lookup.ts';
import { type InteractionRow, type NextStepRow, recordTouches } from './record-touches.ts';
import { type InteractionKind, interactions, type Source } from './schema.ts';
import type { InteractionInput } from './validators.ts';

/** How the caller reached us; decides the default source (API tokens log as `api`, people as `manual`). */
export type Via = 'session' | 'token' | 'cli';

/** Clocks drift; anything later than this ahead of now is a mistake, not a plan. */
const FUTURE_SLACK_MS = 5 * 60_000;
/** Conversations are where a next step gets agreed, so these are the kinds that ask for one. */
const CONVERSATIONS: ReadonlySet<InteractionKind> = new Set(['call', 'meeting']);

/** What logging one interaction did: the interaction, its steps, and its contacts' due state after it. */
export type LoggedInteraction = {
  interaction: InteractionRow;
  participants: Participant[];
  nextSteps: NextStepRow[];
  nextStepMissing: boolean;
  duplicate: boolean;
  contacts: DueStateRow[];
};

/** Refuses an occurredAt more than five minutes in the future, naming the field. */
export function assertNotFuture(occurredAt: Date, now: Date, field: string): void {
  if (occurredAt.getTime() - now.getTime() > FUTURE_SLACK_MS) {
    throw new AppError(
      'validation_failed',
      `${field}: is in the future; log an interaction once it happened`,
      [{ field, message: 'must not be more than 5 minutes in the future' }],
    );
  }
}

/**
 * Logs one interaction through the API or the CLI: the one-item case of recordTouches, with the checks a
 * person's input needs first.
 *
 * - A `nextStep` creates one open next step per contact, linked to the interaction.
 * - An outbound touch completes the contacts' open next steps due on or before its (UTC) date.
 * - A call or meeting without a next step is flagged (`nextStepMissing`), and refused with
 *   next_step_required when any contact's tier requires a next step.
 * - Only a note can be private.
 * - The same (source, externalId), or the same email Message-ID, logged twice writes nothing and returns the
 *   first one (`duplicate`).
 */
export async function logInteraction(options: {
  db: Db;
  workspaceId: string;
  actorId: string | null;
  input: InteractionInput;
  via: Via;
  now?: Date;
}): Promise<LoggedInteraction> {
  const { db, workspaceId, input } = options;
  const now = options.now ?? new Date();
  const occurredAt = input.occurredAt ? new Date(input.occurredAt) : now;
  assertNotFuture(occurredAt, now, 'body.occurredAt');
  if (input.private && input.kind !== 'note') {
    throw new AppError('validation_failed', 'Only a note can be private', [
      { field: 'body.private', message: 'is only for notes' },
    ]);
  }
  assertFitsKind(input);
  if ((input.messageId || input.inReplyTo) && input.kind !== 'email') {
    const field = input.messageId ? 'body.messageId' : 'body.inReplyTo';
    throw new AppError('validation_failed', `${field} is only for emails`, [
      { field, message: 'is only for emails' },
    ]);
  }
  const people = await requireContacts({ db, workspaceId, ids: input.contactIds, field: 'body.contactIds' });
  const source = input.source ?? (options.via === 'token' ? 'api' : 'manual');
  const externalId = input.externalId ?? null;
  // A re-sent interaction answers with the first one, whatever the rules say about it now.
  const messageId = input.messageId ?? null;
  const isResent =
    (externalId !== null || messageId !== null) &&
    (await isRecorded({ db, workspaceId, source, externalId, messageId }));
  if (CONVERSATIONS.has(input.kind) && !input.nextStep && !isResent) {
    await assertNextStepNotRequired({
      db,
      workspaceId,
      kind: input.kind,
      tierIds: people.map((p) => p.tierId),
    });
  }
  const [recorded] = await recordTouches({
    db,
    workspaceId,
    actorId: options.actorId,
    now,
    items: [
      {
        kind: input.kind,
        direction: input.direction,
        occurredAt,
        summary: input.summary,
        body: input.body ?? null,
        source,
        externalId,
        messageId,
        inReplyTo: input.inReplyTo ?? null,
        contactIds: people.map((p) => p.id),
        nextStep: input.nextStep ? { action: input.nextStep.action, dueOn: input.nextStep.dueAt } : null,
        signals: input.signals,
        outcome: input.outcome ?? null,
        durationMinutes: input.durationMinutes ?? null,
        keepOpenStepIds: input.keepOpen,
        isPrivate: input.private ?? false,
      },
    ],
  });
  if (!recorded) throw new Error('recordTouches returned nothing for one item');
  const { interaction } = recorded;
  const participants = await loadParticipants({ db, workspaceId, interactionIds: [interaction.id] });
  return {
    interaction,
    participants: participants.get(interaction.id) ?? [],
    nextSteps: recorded.nextSteps,
    nextStepMissing: CONVERSATIONS.has(interaction.kind) && recorded.nextSteps.length === 0,
    duplicate: recorded.duplicate,
    contacts: await readDueStates({ db, workspaceId, ids: recorded.contactIds }),
  };
}

/** Whether an interaction with this source and externalId, or this email Message-ID, was recorded before. */
async function isRecorded(options: {
  db: Db;
  workspaceId: string;
  source: Source;
  externalId: string | null;
  messageId: string | null;
}) {
  const same = [
    options.externalId === null
      ? undefined
      : and(eq(interactions.source, options.source), eq(interactions.externalId, options.externalId)),
    options.messageId === null ? undefined : eq(interactions.messageId, options.messageId),
  ].filter((c) => c !== undefined);
  const [row] = await options.db
    .select({ id: interactions.id })
    .from(interactions)
    .where(and(eq(interactions.workspaceId, options.workspaceId), or(...same)));
  return row !== undefined;
}

/** Refuses what does not fit the kind: an outcome on anything but a call, a duration on anything but a call or meeting. */
export function assertFitsKind(input: {
  kind: InteractionKind;
  outcome?: string | null;
  durationMinutes?: number | null;
}): void {
  const refuse = (field: string, sentence: string, predicate: string) => {
    throw new AppError('validation_failed', sentence, [{ field: `body.${field}`, message: predicate }]);
  };
  if (input.outcome && input.kind !== 'call')
    refuse('outcome', 'Only a call has an outcome', 'is only for calls');
  if (input.durationMinutes != null && !CONVERSATIONS.has(input.kind)) {
    refuse('durationMinutes', 'Only a call or a meeting has a duration', 'is only for calls and meetings');
  }
}

/** Refuses a conversation without a next step when a tier of its contacts demands one. */
async function assertNextStepNotRequired(options: {
  db: Db;
  workspaceId: string;
  kind: InteractionKind;
  tierIds: (string | null)[];
}): Promise<void> {
  const tierIds = [...new Set(options.tierIds.filter((id): id is string => id !== null))];
  if (tierIds.length === 0) return;
  const [tier] = await options.db
    .select({ name: tiers.name })
    .from(tiers)
    .where(
      and(
        eq(tiers.workspaceId, options.workspaceId),
        inArray(tiers.id, tierIds),
        eq(tiers.requireNextStep, true),
      ),
    )
    .orderBy(asc(tiers.priority), asc(tiers.name))
    .limit(1);
  if (!tier) return;
  const message = `Tier "${tier.name}" requires a next step after a ${options.kind}: add nextStep {action, dueAt}`;
  // The field's message is a predicate, as a form puts the field's name in front of it.
  throw new AppError('next_step_required', message, [
    { field: 'body.nextStep', message: `is required after a ${options.kind} with ${tier.name} contacts` },
  ]);
}
