import { and, eq, or, type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { notFound } from '../../shared/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { lockContacts, refreshDueState } from '../cadence/due-state.ts';
import { type Actor, assertMayDelete } from '../workspaces/permissions.ts';
import { assertFitsKind, assertNotFuture } from './log-interaction.ts';
import { loadParticipants, loadReplyTargets, type Participant } from './lookup.ts';
import type { InteractionRow } from './record-touches.ts';
import { interactionContacts, interactions, nextSteps } from './schema.ts';
import { reclassify, resetsCadence } from './touch-rule.ts';
import type { InteractionPatchInput } from './validators.ts';

type Scope = { db: Db; workspaceId: string };
/** Who reads: a private note is visible to its author only. */
type Reader = Scope & { actorId: string };

/** An interaction with the contacts who took part, and the interaction it answers when it is a reply. */
export type InteractionRecord = {
  row: InteractionRow;
  participants: Participant[];
  inReplyToId: string | null;
};

/** The interactions `viewerId` may see: all but other people's private notes. */
export function visibleTo(viewerId: string): SQL {
  return or(eq(interactions.isPrivate, false), eq(interactions.createdBy, viewerId)) as SQL;
}

/** One interaction the reader may see, or not_found (another's private note reads as missing). */
async function loadInteraction(options: Reader & { id: string }): Promise<InteractionRow> {
  const [row] = await options.db
    .select()
    .from(interactions)
    .where(
      and(
        eq(interactions.workspaceId, options.workspaceId),
        eq(interactions.id, options.id),
        visibleTo(options.actorId),
      ),
    );
  if (!row) throw notFound('Interaction', options.id);
  return row;
}

async function participantIds(options: Scope & { id: string }): Promise<string[]> {
  const rows = await options.db
    .select({ contactId: interactionContacts.contactId })
    .from(interactionContacts)
    .where(
      and(
        eq(interactionContacts.workspaceId, options.workspaceId),
        eq(interactionContacts.interactionId, options.id),
      ),
    );
  return rows.map((r) => r.contactId);
}

/** One interaction with its participants, or not_found. */
export async function getInteraction(options: Reader & { id: string }): Promise<InteractionRecord> {
  const row = await loadInteraction(options);
  const participants = await loadParticipants({ ...options, interactionIds: [row.id] });
  const targets = await loadReplyTargets({ ...options, rows: [row] });
  return { row, participants: participants.get(row.id) ?? [], inReplyToId: targets.get(row.id) ?? null };
}

/** What an audit entry may say of an interaction's change: a private note's text stays out of it. */
function auditedChanges(row: InteractionRow, changes: Record<string, unknown>): Record<string, unknown> {
  if (!row.isPrivate) return changes;
  return { private: true, fields: Object.keys(changes).filter((k) => changes[k] !== undefined) };
}

/**
 * Edits an interaction; a new date or kind is copied to its participant rows (a note becomes a touch and
 * back) and the contacts' due state is recomputed, so correcting a mis-dated call moves lastTouchAt too.
 * Next steps are left as they are.
 */
export async function updateInteraction(
  options: Reader & { id: string; input: InteractionPatchInput; now?: Date },
): Promise<InteractionRecord> {
  const { db, workspaceId, input } = options;
  const before = await loadInteraction(options);
  const occurredAt = input.occurredAt ? new Date(input.occurredAt) : undefined;
  if (occurredAt) assertNotFuture(occurredAt, options.now ?? new Date(), 'body.occurredAt');
  if (Object.values(input).every((v) => v === undefined)) return getInteraction(options);
  const kind = input.kind ?? before.kind;
  const outcome = input.outcome === undefined ? before.outcome : input.outcome;
  const durationMinutes =
    input.durationMinutes === undefined ? before.durationMinutes : input.durationMinutes;
  assertFitsKind({ kind, outcome, durationMinutes });
  const touchClass = reclassify(before.touchClass, { kind, outcome });
  // Its contacts first, as every writer of their due state takes them, so two writers never wait in a cycle.
  await lockContacts({ db, workspaceId, scope: { contactIds: await participantIds(options) } });
  const [row] = await db
    .update(interactions)
    .set({ summary: input.summary, body: input.body, occurredAt, kind, outcome, durationMinutes, touchClass })
    .where(and(eq(interactions.workspaceId, workspaceId), eq(interactions.id, before.id)))
    .returning();
  if (!row) throw notFound('Interaction', options.id);
  if (occurredAt || touchClass !== before.touchClass) {
    await db
      .update(interactionContacts)
      .set({ occurredAt: row.occurredAt, isTouch: resetsCadence(row.touchClass) })
      .where(
        and(eq(interactionContacts.workspaceId, workspaceId), eq(interactionContacts.interactionId, row.id)),
      );
    await refreshDueState({ db, workspaceId, scope: { contactIds: await participantIds(options) } });
  }
  await recordAudit({
    db,
    workspaceId,
    actorId: options.actorId,
    action: 'update',
    entity: 'interaction',
    entityId: row.id,
    changes: auditedChanges(row, { ...input }),
  });
  return getInteraction({ ...options, id: row.id });
}

/**
 * Deletes an interaction and recomputes its contacts' due state. Next steps it created stay (they are
 * the user's plan) but lose their link to it. A member deletes only what they logged.
 */
export async function deleteInteraction(options: Reader & Actor & { id: string }): Promise<void> {
  const { db, workspaceId } = options;
  const row = await loadInteraction(options);
  assertMayDelete({ ...options, ownerId: row.createdBy, entity: 'interaction' });
  const contactIds = await participantIds(options);
  await lockContacts({ db, workspaceId, scope: { contactIds } });
  await db
    .update(nextSteps)
    .set({ interactionId: null })
    .where(and(eq(nextSteps.workspaceId, workspaceId), eq(nextSteps.interactionId, row.id)));
  await db
    .update(nextSteps)
    .set({ completedBy: null })
    .where(and(eq(nextSteps.workspaceId, workspaceId), eq(nextSteps.completedBy, row.id)));
  await db
    .delete(interactions)
    .where(and(eq(interactions.workspaceId, workspaceId), eq(interactions.id, row.id)));
  await refreshDueState({ db, workspaceId, scope: { contactIds } });
  await recordAudit({
    db,
    workspaceId,
    actorId: options.actorId,
    action: 'delete',
    entity: 'interaction',
    entityId: row.id,
    changes: auditedChanges(row, { kind: row.kind, summary: row.summary, contactIds }),
  });
}

/**
 * Undoes logging an interaction, exactly: deletes it and the next steps it planned, reopens the steps its
 * touch completed, and recomputes its contacts' due state, which is then what it was before. For the Undo
 * the web app offers after logging; like a delete, a member undoes only what they logged.
 */
export async function undoInteraction(options: Reader & Actor & { id: string }): Promise<void> {
  const { db, workspaceId } = options;
  const row = await loadInteraction(options);
  assertMayDelete({ ...options, ownerId: row.createdBy, entity: 'interaction' });
  const contactIds = await participantIds(options);
  await lockContacts({ db, workspaceId, scope: { contactIds } });
  const planned = await db
    .delete(nextSteps)
    .where(and(eq(nextSteps.workspaceId, workspaceId), eq(nextSteps.interactionId, row.id)))
    .returning({ id: nextSteps.id });
  const reopened = await db
    .update(nextSteps)
    .set({ doneAt: null, completedBy: null, updatedAt: new Date() })
    .where(and(eq(nextSteps.workspaceId, workspaceId), eq(nextSteps.completedBy, row.id)))
    .returning({ id: nextSteps.id });
  await db
    .delete(interactions)
    .where(and(eq(interactions.workspaceId, workspaceId), eq(interactions.id, row.id)));
  await refreshDueState({ db, workspaceId, scope: { contactIds } });
  await recordAudit({
    db,
    workspaceId,
    actorId: options.actorId,
    action: 'delete',
    entity: 'interaction',
    entityId: row.id,
    changes: auditedChanges(row, {
      undo: true,
      kind: row.kind,
      summary: row.summary,
      contactIds,
      deletedNextStepIds: planned.map((s) => s.id),
      reopenedNextStepIds: reopened.map((s) => s.id),
    }),
  });
}

/**
 * Deletes the interactions whose only contact is this one, as part of deleting the contact, and returns what
 * they were for the audit log (a private note's text left out). Interactions shared with another contact are
 * left to them.
 */
export async function deleteSoleInteractions(
  options: Scope & { contactId: string },
): Promise<{ id: string; kind: string; summary: string | null }[]> {
  const ws = sql`${options.workspaceId}::uuid`;
  return queryRows(
    options.db,
    sql`delete from interactions i
        where i.workspace_id = ${ws} and i.id in (
          select ic.interaction_id from interaction_contacts ic
          where ic.workspace_id = ${ws} and ic.contact_id = ${options.contactId}::uuid
            and not exists (select 1 from interaction_contacts o where o.workspace_id = ${ws}
              and o.interaction_id = ic.interaction_id and o.contact_id <> ${options.contactId}::uuid))
        returning i.id, i.kind, case when i.is_private then null else i.summary end as summary`,
  );
}
