import { and, asc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../shared/errors.ts';
import { decodeKeyCursor, pageFrom } from '../../shared/pagination.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { lockContacts, refreshDueState } from '../cadence/due-state.ts';
import { type Actor, assertMayDelete } from '../workspaces/permissions.ts';
import { requireContacts } from './lookup.ts';
import type { NextStepRow } from './record-touches.ts';
import { nextSteps } from './schema.ts';
import type { NextStepInput, NextStepPatchInput, NextStepQuery } from './validators.ts';

type Scope = { db: Db; workspaceId: string };
type Write = Scope & { actorId: string | null };

const STATUS_FILTER = {
  open: isNull(nextSteps.doneAt),
  done: isNotNull(nextSteps.doneAt),
  all: undefined,
};

/** Next steps, by due date then id, optionally of one contact; open ones unless asked otherwise. */
export async function findNextSteps(
  options: Scope & { query: NextStepQuery },
): Promise<{ rows: NextStepRow[]; nextCursor: string | null }> {
  const { db, workspaceId, query } = options;
  if (query.contactId) {
    await requireContacts({ db, workspaceId, ids: [query.contactId], field: 'query.contactId' });
  }
  const after = query.cursor ? decodeKeyCursor(query.cursor, 'date') : null;
  const rows = await db
    .select()
    .from(nextSteps)
    .where(
      and(
        eq(nextSteps.workspaceId, workspaceId),
        query.contactId ? eq(nextSteps.contactId, query.contactId) : undefined,
        STATUS_FILTER[query.status],
        after
          ? sql`(${nextSteps.dueOn}, ${nextSteps.id}) > (${after.key}::date, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(asc(nextSteps.dueOn), asc(nextSteps.id))
    .limit(query.limit + 1);
  const page = pageFrom(rows, query.limit, (r) => [r.dueOn, r.id]);
  return page;
}

/** Plans a next step for a contact; an open step's date wins over the contact's cadence. */
export async function createNextStep(options: Write & { input: NextStepInput }): Promise<NextStepRow> {
  const { db, workspaceId, input } = options;
  await requireContacts({ db, workspaceId, ids: [input.contactId], field: 'body.contactId' });
  await lockContacts({ db, workspaceId, scope: { contactIds: [input.contactId] } });
  const [row] = await db
    .insert(nextSteps)
    .values({
      workspaceId,
      contactId: input.contactId,
      action: input.action,
      dueOn: input.dueAt,
      createdBy: options.actorId,
    })
    .returning();
  if (!row) throw new Error('next step insert returned nothing');
  await refreshDueState({ db, workspaceId, scope: { contactIds: [row.contactId] } });
  await recordAudit({
    ...options,
    action: 'create',
    entity: 'next_step',
    entityId: row.id,
    changes: { ...input },
  });
  return row;
}

/** Edits, completes (done: true) or reopens (done: false) a next step, and refreshes its contact's due state. */
export async function updateNextStep(
  options: Write & { id: string; input: NextStepPatchInput; now?: Date },
): Promise<NextStepRow> {
  const { db, workspaceId, input } = options;
  const now = options.now ?? new Date();
  const where = and(eq(nextSteps.workspaceId, workspaceId), eq(nextSteps.id, options.id));
  const [before] = await db.select().from(nextSteps).where(where);
  if (!before) throw notFound('Next step', options.id);
  // The contact first, as every writer of its due state takes it, so two writers never wait in a cycle.
  await lockContacts({ db, workspaceId, scope: { contactIds: [before.contactId] } });
  // Completing a step that is already done keeps the day it was really done.
  const doneAt = input.done === undefined ? undefined : input.done ? (before.doneAt ?? now) : null;
  if (input.action === undefined && input.dueAt === undefined && doneAt === undefined) return before;
  const [row] = await db
    .update(nextSteps)
    .set({ action: input.action, dueOn: input.dueAt, doneAt, updatedAt: now })
    .where(where)
    .returning();
  if (!row) throw notFound('Next step', options.id);
  await refreshDueState({ db, workspaceId, scope: { contactIds: [row.contactId] } });
  await recordAudit({
    ...options,
    action: 'update',
    entity: 'next_step',
    entityId: row.id,
    changes: { ...input },
  });
  return row;
}

/** Deletes a next step (a member only one they planned), and refreshes its contact's due state. */
export async function deleteNextStep(options: Write & Actor & { id: string }): Promise<void> {
  const { db, workspaceId } = options;
  const [step] = await db
    .select({ createdBy: nextSteps.createdBy, contactId: nextSteps.contactId })
    .from(nextSteps)
    .where(and(eq(nextSteps.workspaceId, workspaceId), eq(nextSteps.id, options.id)));
  if (!step) throw notFound('Next step', options.id);
  await lockContacts({ db, workspaceId, scope: { contactIds: [step.contactId] } });
  assertMayDelete({ ...options, ownerId: step.createdBy, entity: 'next step' });
  const [row] = await db
    .delete(nextSteps)
    .where(and(eq(nextSteps.workspaceId, workspaceId), eq(nextSteps.id, options.id)))
    .returning({ id: nextSteps.id, contactId: nextSteps.contactId, action: nextSteps.action });
  if (!row) throw notFound('Next step', options.id);
  await refreshDueState({ db, workspaceId, scope: { contactIds: [row.contactId] } });
  await recordAudit({
    ...options,
    action: 'delete',
    entity: 'next_step',
    entityId: row.id,
    changes: { contactId: row.contactId, action: row.action },
  });
}
