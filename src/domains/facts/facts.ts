import { and, desc, eq, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../shared/errors.ts';
import { decodeKeyCursor, pageFrom } from '../../shared/pagination.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { requireContacts } from '../interactions/lookup.ts';
import { type Actor, assertMayDelete } from '../workspaces/permissions.ts';
import { facts } from './schema.ts';
import type { FactInput, FactPatchInput } from './validators.ts';

/** `actorId` is who reads or writes: a private fact is visible to its author only. */
type Scope = { db: Db; workspaceId: string; actorId: string };
export type FactRow = typeof facts.$inferSelect;

/** The facts `viewerId` may see: all but other people's private ones. */
function visibleTo(viewerId: string): SQL {
  return or(eq(facts.isPrivate, false), eq(facts.createdBy, viewerId)) as SQL;
}

/** What an audit entry may say of a fact: a private fact's text stays out of it. */
function audited(row: FactRow, changes: Record<string, unknown>): Record<string, unknown> {
  return row.isPrivate ? { private: true, fields: Object.keys(changes) } : changes;
}

/** Records a personal detail about a contact. */
export async function createFact(options: Scope & { contactId: string; input: FactInput }): Promise<FactRow> {
  const { db, workspaceId } = options;
  await requireContacts({ db, workspaceId, ids: [options.contactId], field: 'params.id' });
  const [row] = await db
    .insert(facts)
    .values({
      workspaceId,
      contactId: options.contactId,
      text: options.input.text,
      remindOn: options.input.remindOn ?? null,
      isPrivate: options.input.private ?? false,
      createdBy: options.actorId,
    })
    .returning();
  if (!row) throw new Error('fact insert returned nothing');
  await recordAudit({
    ...options,
    action: 'create',
    entity: 'fact',
    entityId: row.id,
    changes: audited(row, { ...options.input }),
  });
  return row;
}

/** A contact's facts, newest first, one keyset page at a time. */
export async function findFacts(
  options: Scope & { contactId: string; limit: number; cursor?: string },
): Promise<{ rows: FactRow[]; nextCursor: string | null }> {
  const { db, workspaceId } = options;
  await requireContacts({ db, workspaceId, ids: [options.contactId], field: 'params.id' });
  const after = options.cursor ? decodeKeyCursor(options.cursor, 'timestamp') : null;
  const rows = await db
    .select({ fact: facts, cursorAt: sql<string>`${facts.createdAt}::text` })
    .from(facts)
    .where(
      and(
        eq(facts.workspaceId, workspaceId),
        eq(facts.contactId, options.contactId),
        visibleTo(options.actorId),
        after
          ? sql`(${facts.createdAt}, ${facts.id}) < (${after.key}::timestamptz, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(facts.createdAt), desc(facts.id))
    .limit(options.limit + 1);
  const page = pageFrom(rows, options.limit, (r) => [r.cursorAt, r.fact.id]);
  return { rows: page.rows.map((r) => r.fact), nextCursor: page.nextCursor };
}

/** Edits a fact's text or remind date (null clears the date). */
export async function updateFact(options: Scope & { id: string; input: FactPatchInput }): Promise<FactRow> {
  const { db, workspaceId, input } = options;
  const changed = Object.values(input).some((v) => v !== undefined);
  const where = and(eq(facts.workspaceId, workspaceId), eq(facts.id, options.id), visibleTo(options.actorId));
  const [row] = changed
    ? await db
        .update(facts)
        .set({ text: input.text, remindOn: input.remindOn, updatedAt: new Date() })
        .where(where)
        .returning()
    : await db.select().from(facts).where(where);
  if (!row) throw notFound('Fact', options.id);
  if (changed) {
    await recordAudit({
      ...options,
      action: 'update',
      entity: 'fact',
      entityId: row.id,
      changes: audited(row, { ...input }),
    });
  }
  return row;
}

/** Deletes a fact (a member only one they recorded). */
export async function deleteFact(options: Scope & Actor & { id: string }): Promise<void> {
  const where = and(
    eq(facts.workspaceId, options.workspaceId),
    eq(facts.id, options.id),
    visibleTo(options.actorId),
  );
  const [row] = await options.db.select().from(facts).where(where);
  if (!row) throw notFound('Fact', options.id);
  assertMayDelete({ ...options, ownerId: row.createdBy, entity: 'fact' });
  await options.db.delete(facts).where(where);
  await recordAudit({
    ...options,
    action: 'delete',
    entity: 'fact',
    entityId: row.id,
    changes: audited(row, { text: row.text }),
  });
}
