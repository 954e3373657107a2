import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { InteractionRow, RecordedTouch, TouchItem } from './record-touches.ts';
import { interactionContacts, interactions, nextSteps } from './schema.ts';
import { resetsCadence } from './touch-rule.ts';

// What recordTouches gives back: the rows it wrote, the stored ones its duplicates stand for, its audit.

/** Interactions by id, as Drizzle rows. */
export async function loadInteractions(options: { db: Db; workspaceId: string; ids: string[] }) {
  if (options.ids.length === 0) return new Map<string, InteractionRow>();
  const rows = await options.db
    .select()
    .from(interactions)
    .where(and(eq(interactions.workspaceId, options.workspaceId), inArray(interactions.id, options.ids)));
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * The stored interactions that items skipped as duplicates stand for (by source and externalId, or by an
 * email's Message-ID), with their contacts and the next steps they set: what recording them the first time
 * gave. A stored interaction gains the item's contacts it did not have yet (a message seen again in another
 * mailbox, once its correspondent became a contact), linked as it counts for them; the caller refreshes
 * their due state.
 */
export async function findDuplicates(options: {
  db: Db;
  workspaceId: string;
  planned: { id: string; item: TouchItem }[];
}): Promise<Map<string, RecordedTouch>> {
  const found = new Map<string, RecordedTouch>();
  if (options.planned.length === 0) return found;
  const { db, workspaceId } = options;
  const ws = sql`${workspaceId}::uuid`;
  const column = <T>(pick: (p: { id: string; item: TouchItem }) => T) => sql.param(options.planned.map(pick));
  const matches = await queryRows<{ planned: string; id: string }>(
    db,
    sql`select u.planned, m.id from unnest(${column((p) => p.id)}::uuid[], ${column((p) => p.item.source)}::text[],
          ${column((p) => p.item.externalId ?? null)}::text[], ${column((p) => p.item.messageId ?? null)}::text[])
          as u(planned, source, external_id, message_id)
        cross join lateral (
          (select i.id from interactions i
           where i.workspace_id = ${ws} and i.source = u.source and i.external_id = u.external_id)
          union all
          (select i.id from interactions i where i.workspace_id = ${ws} and i.message_id = u.message_id)
          limit 1) m`,
  );
  const storedId = new Map(matches.map((m) => [m.planned, m.id]));
  const stored = await loadInteractions({ db, workspaceId, ids: [...new Set(storedId.values())] });
  const ids = [...stored.keys()];
  await linkNewContacts({ db, workspaceId, planned: options.planned, storedId, stored });
  const links = ids.length
    ? await db
        .select({
          interactionId: interactionContacts.interactionId,
          contactId: interactionContacts.contactId,
        })
        .from(interactionContacts)
        .where(
          and(
            eq(interactionContacts.workspaceId, workspaceId),
            inArray(interactionContacts.interactionId, ids),
          ),
        )
    : [];
  const steps = ids.length
    ? await db
        .select()
        .from(nextSteps)
        .where(and(eq(nextSteps.workspaceId, workspaceId), inArray(nextSteps.interactionId, ids)))
        .orderBy(asc(nextSteps.dueOn), asc(nextSteps.id))
    : [];
  for (const p of options.planned) {
    const row = stored.get(storedId.get(p.id) ?? '');
    if (!row) throw new Error(`interaction ${p.item.source} ${p.item.externalId} was neither new nor stored`);
    found.set(p.id, {
      interaction: row,
      contactIds: links.filter((l) => l.interactionId === row.id).map((l) => l.contactId),
      duplicate: true,
      nextSteps: steps.filter((s) => s.interactionId === row.id),
      completedStepIds: [],
    });
  }
  return found;
}

/** Links stored interactions to the contacts their duplicates name and they lack. */
async function linkNewContacts(options: {
  db: Db;
  workspaceId: string;
  planned: { id: string; item: TouchItem }[];
  storedId: Map<string, string>;
  stored: Map<string, InteractionRow>;
}) {
  const pairs = options.planned.flatMap((p) => {
    const row = options.stored.get(options.storedId.get(p.id) ?? '');
    return row ? p.item.contactIds.map((contactId) => ({ row, contactId })) : [];
  });
  if (pairs.length === 0) return;
  await options.db.execute(sql`
    insert into interaction_contacts (workspace_id, interaction_id, contact_id, occurred_at, is_touch)
    select ${options.workspaceId}::uuid, u.interaction_id, u.contact_id, u.occurred_at, u.is_touch
    from unnest(${sql.param(pairs.map((l) => l.row.id))}::uuid[], ${sql.param(pairs.map((l) => l.contactId))}::uuid[],
      ${sql.param(pairs.map((l) => l.row.occurredAt.toISOString()))}::timestamptz[],
      ${sql.param(pairs.map((l) => resetsCadence(l.row.touchClass)))}::boolean[])
      as u(interaction_id, contact_id, occurred_at, is_touch)
    on conflict do nothing`);
}

/** One audit entry per interaction for a single item; one for the whole batch otherwise. */
export async function auditRecorded(options: {
  db: Db;
  workspaceId: string;
  actorId: string | null;
  recorded: RecordedTouch[];
}): Promise<void> {
  const { recorded } = options;
  const [only] = recorded;
  if (!only) return;
  if (recorded.length === 1) {
    await recordAudit({
      ...options,
      action: 'create',
      entity: 'interaction',
      entityId: only.interaction.id,
      changes: {
        kind: only.interaction.kind,
        contactIds: only.contactIds,
        nextStepIds: only.nextSteps.map((s) => s.id),
        completedNextStepIds: only.completedStepIds,
      },
    });
    return;
  }
  await recordAudit({
    ...options,
    action: 'create',
    entity: 'interaction',
    entityId: null,
    changes: {
      count: recorded.length,
      sources: [...new Set(recorded.map((r) => r.interaction.source))],
      contacts: new Set(recorded.flatMap((r) => r.contactIds)).size,
    },
  });
}
