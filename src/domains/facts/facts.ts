import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../shared/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { decodeKeyCursor, pageFrom } from '../interactions/cursor.ts';
import { requireContacts } from '../interactions/lookup.ts';
import { facts } from './schema.ts';
import type { FactInput, FactPatchInput } from './validators.ts';

type Scope = { db: Db; workspaceId: string };
type Write = Scope & { actorId: string | null };
export type FactRow = typeof facts.$inferSelect;

/** Records a personal detail about a contact. */
export async function createFact(options: Write & { contactId: string; input: FactInput }): Promise<FactRow> {
  const { db, workspaceId } = options;
  await requireContacts({ db, workspaceId, ids: [options.contactId], field: 'params.id' });
  const [row] = await db
    .insert(facts)
    .values({
      workspaceId,
      contactId: options.contactId,
      text: options.input.text,
      remindOn: options.input.remindOn ?? null,
      createdBy: options.actorId,
    })
    .returning();
  if (!row) throw new Error('fact insert returned nothing');
  await recordAudit({
    ...options,
    action: 'create',
    entity: 'fact',
    entityId: row.id,
    changes: { ...options.input },
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
export async function updateFact(options: Write & { id: string; input: FactPatchInput }): Promise<FactRow> {
  const { db, workspaceId, input } = options;
  const changed = Object.values(input).some((v) => v !== undefined);
  const where = and(eq(facts.workspaceId, workspaceId), eq(facts.id, options.id));
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
      changes: { ...input },
    });
  }
  return row;
}

/** Deletes a fact. */
export async function deleteFact(options: Write & { id: string }): Promise<void> {
  const [row] = await options.db
    .delete(facts)
    .where(and(eq(facts.workspaceId, options.workspaceId), eq(facts.id, options.id)))
    .returning({ id: facts.id, text: facts.text });
  if (!row) throw notFound('Fact', options.id);
  await recordAudit({
    ...options,
    action: 'delete',
    entity: 'fact',
    entityId: row.id,
    changes: { text: row.text },
  });
}
