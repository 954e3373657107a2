import { and, asc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../shared/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { refreshDueState } from '../cadence/due-state.ts';
import { tiers } from '../cadence/schema.ts';
import { requireContacts } from './lookup.ts';
import { loadParticipants, presentInteraction, presentNextStep, readDueStates } from './presenter.ts';
import {
  type InteractionKind,
  interactionContacts,
  interactions,
  nextSteps,
  type SOURCES,
} from './schema.ts';
import type { InteractionInput, LoggedInteractionOutput } from './validators.ts';

/** How the caller reached us; decides the default source (API tokens log as `api`, people as `manual`). */
export type Via = 'session' | 'token' | 'cli';

/** Clocks drift; anything later than this ahead of now is a mistake, not a plan. */
const FUTURE_SLACK_MS = 5 * 60_000;
/** Conversations are where a next step gets agreed, so these are the kinds that ask for one. */
const CONVERSATIONS: ReadonlySet<InteractionKind> = new Set(['call', 'meeting']);

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

/** Every kind but a note counts as a touch for the due engine. */
export function isTouchKind(kind: InteractionKind): boolean {
  return kind !== 'note';
}

/**
 * Logs an interaction with one or more contacts and updates their due state, in the caller's transaction.
 *
 * - A `nextStep` creates one open next step per contact, linked to the interaction.
 * - An outbound touch (any kind but a note) completes the contacts' open next steps due on or before the
 *   interaction's (UTC) date: you did what you planned, so the contact leaves Today. Steps due later stay open.
 * - A call or meeting without a next step is flagged (`nextStepMissing`), and refused with
 *   next_step_required when any contact's tier requires a next step.
 * - The same (source, externalId) logged twice writes nothing and returns the first one (`duplicate`).
 */
export async function logInteraction(options: {
  db: Db;
  workspaceId: string;
  actorId: string | null;
  input: InteractionInput;
  via: Via;
  now?: Date;
}): Promise<LoggedInteractionOutput> {
  const { db, workspaceId, input } = options;
  const now = options.now ?? new Date();
  const occurredAt = input.occurredAt ? new Date(input.occurredAt) : now;
  assertNotFuture(occurredAt, now, 'body.occurredAt');
  const people = await requireContacts({ db, workspaceId, ids: input.contactIds, field: 'body.contactIds' });
  const contactIds = people.map((p) => p.id);
  const source = input.source ?? (options.via === 'token' ? 'api' : 'manual');
  const externalId = input.externalId ?? null;

  if (externalId) {
    const existing = await findByExternalId({ db, workspaceId, source, externalId });
    if (existing) return presentDuplicate({ db, workspaceId, row: existing });
  }
  const isConversation = CONVERSATIONS.has(input.kind);
  if (isConversation && !input.nextStep) {
    await assertNextStepNotRequired({
      db,
      workspaceId,
      kind: input.kind,
      tierIds: people.map((p) => p.tierId),
    });
  }

  const [row] = await db
    .insert(interactions)
    .values({
      workspaceId,
      kind: input.kind,
      direction: input.direction,
      occurredAt,
      summary: input.summary,
      body: input.body ?? null,
      source,
      externalId,
      createdBy: options.actorId,
    })
    .onConflictDoNothing({
      target: [interactions.workspaceId, interactions.source, interactions.externalId],
      where: sql`external_id is not null`,
    })
    .returning();
  if (!row) {
    // A concurrent request logged the same externalId first; ours becomes the duplicate.
    const existing = externalId ? await findByExternalId({ db, workspaceId, source, externalId }) : undefined;
    if (!existing) throw new Error('interaction insert returned nothing');
    return presentDuplicate({ db, workspaceId, row: existing });
  }

  const isTouch = isTouchKind(input.kind);
  await db
    .insert(interactionContacts)
    .values(
      contactIds.map((contactId) => ({ workspaceId, interactionId: row.id, contactId, occurredAt, isTouch })),
    );

  const completed =
    isTouch && input.direction === 'out'
      ? await db
          .update(nextSteps)
          .set({ doneAt: now, updatedAt: now })
          .where(
            and(
              eq(nextSteps.workspaceId, workspaceId),
              inArray(nextSteps.contactId, contactIds),
              isNull(nextSteps.doneAt),
              lte(nextSteps.dueOn, occurredAt.toISOString().slice(0, 10)),
            ),
          )
          .returning({ id: nextSteps.id })
      : [];

  const plan = input.nextStep;
  const created = plan
    ? await db
        .insert(nextSteps)
        .values(
          contactIds.map((contactId) => ({
            workspaceId,
            contactId,
            action: plan.action,
            dueOn: plan.dueAt,
            interactionId: row.id,
            createdBy: options.actorId,
          })),
        )
        .returning()
    : [];

  await refreshDueState({ db, workspaceId, scope: { contactIds } });
  await recordAudit({
    db,
    workspaceId,
    actorId: options.actorId,
    action: 'create',
    entity: 'interaction',
    entityId: row.id,
    changes: {
      kind: row.kind,
      contactIds,
      nextStepIds: created.map((s) => s.id),
      completedNextStepIds: completed.map((s) => s.id),
    },
  });

  const participants = await loadParticipants({ db, workspaceId, interactionIds: [row.id] });
  return {
    interaction: presentInteraction(row, participants.get(row.id) ?? []),
    nextSteps: created.map(presentNextStep),
    nextStepMissing: isConversation && !plan,
    duplicate: false,
    contacts: await readDueStates({
      db,
      workspaceId,
      ids: contactIds,
      today: now.toISOString().slice(0, 10),
    }),
  };
}

type Source = (typeof SOURCES)[number];

async function findByExternalId(options: {
  db: Db;
  workspaceId: string;
  source: Source;
  externalId: string;
}) {
  const [row] = await options.db
    .select()
    .from(interactions)
    .where(
      and(
        eq(interactions.workspaceId, options.workspaceId),
        eq(interactions.source, options.source),
        eq(interactions.externalId, options.externalId),
      ),
    );
  return row;
}

/** The answer for a re-sent interaction: the stored one, its next steps and its contacts' due state. */
async function presentDuplicate(options: {
  db: Db;
  workspaceId: string;
  row: typeof interactions.$inferSelect;
}): Promise<LoggedInteractionOutput> {
  const { db, workspaceId, row } = options;
  const participants =
    (await loadParticipants({ db, workspaceId, interactionIds: [row.id] })).get(row.id) ?? [];
  const steps = await db
    .select()
    .from(nextSteps)
    .where(and(eq(nextSteps.workspaceId, workspaceId), eq(nextSteps.interactionId, row.id)))
    .orderBy(asc(nextSteps.dueOn), asc(nextSteps.id));
  return {
    interaction: presentInteraction(row, participants),
    nextSteps: steps.map(presentNextStep),
    nextStepMissing: CONVERSATIONS.has(row.kind) && steps.length === 0,
    duplicate: true,
    contacts: await readDueStates({ db, workspaceId, ids: participants.map((p) => p.id) }),
  };
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
  throw new AppError('next_step_required', message, [{ field: 'body.nextStep', message }]);
}
