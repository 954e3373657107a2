import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { requireIds } from '../../db/require-ids.ts';
import { recordAudits } from '../audit/record-audit.ts';
import { contacts } from '../contacts/schema.ts';
import { duplicateDismissals } from './schema.ts';

/** Every pair of the ids, smaller id first, as duplicate_dismissals stores them. */
export function pairsOf(ids: string[]): [string, string][] {
  const sorted = [...new Set(ids)].sort();
  return sorted.flatMap((a, i) => sorted.slice(i + 1).map((b): [string, string] => [a, b]));
}

/** Remembers that these contacts are not one person, so none of their pairs is suggested again. */
export async function dismissDuplicates(options: {
  db: Db;
  workspaceId: string;
  actorId: string | null;
  contactIds: string[];
}): Promise<{ dismissed: number }> {
  const { db, workspaceId, contactIds } = options;
  await requireIds({
    db,
    workspaceId,
    table: contacts,
    ids: contactIds,
    entity: 'contact',
    field: 'body.contactIds',
  });
  const pairs = pairsOf(contactIds);
  await db
    .insert(duplicateDismissals)
    .values(
      pairs.map(([a, b]) => ({ workspaceId, contactAId: a, contactBId: b, dismissedBy: options.actorId })),
    )
    .onConflictDoNothing();
  await recordAudits({
    db,
    entries: contactIds.map((id) => ({
      workspaceId,
      actorId: options.actorId,
      action: 'dismiss_duplicate' as const,
      entity: 'contact' as const,
      entityId: id,
      changes: { notDuplicateOf: contactIds.filter((other) => other !== id) },
    })),
  });
  return { dismissed: pairs.length };
}

/** Keeps the pairs someone dismissed of a merged contact on its survivor (skipping the pair of the two). */
export async function moveDismissals(options: {
  db: Db;
  workspaceId: string;
  fromId: string;
  toId: string;
}): Promise<void> {
  const { db, workspaceId, fromId, toId } = options;
  await db.execute(sql`
    insert into duplicate_dismissals (workspace_id, contact_a_id, contact_b_id, dismissed_by, created_at)
    select workspace_id, least(other, ${toId}::uuid), greatest(other, ${toId}::uuid), dismissed_by, created_at
      from (select d.*, case when d.contact_a_id = ${fromId}::uuid then d.contact_b_id else d.contact_a_id end as other
              from duplicate_dismissals d
             where d.workspace_id = ${workspaceId}::uuid
               and (d.contact_a_id = ${fromId}::uuid or d.contact_b_id = ${fromId}::uuid)) moved
     where other <> ${toId}::uuid
    on conflict do nothing`);
}
