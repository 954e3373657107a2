import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { InteractionRow, RecordedTouch, TouchItem } from './record-touches.ts';
import { interactionContacts, interactions, nextSteps } from './schema.ts';

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
 * The stored interactions that items skipped as duplicates stand for (by source and externalId), with their
 * contacts and the next steps they set: what recording them the first time gave.
 */
export async function findDuplicates(options: {
  db: Db;
  workspaceId: string;
  planned: { id: string; item: TouchItem }[];
}): Promise<Map<string, RecordedTouch>> {
  const found = new Map<string, RecordedTouch>();
  if (options.planned.length === 0) return found;
  const { db, workspaceId } = options;
  const key = (source: string, externalId: string | null) => JSON.stringify([source, externalId]);
  const matches = await queryRows<{ id: string }>(
    db,
    sql`select i.id from interactions i
        join unnest(${sql.param(options.planned.map((p) => p.item.source))}::text[],
          ${sql.param(options.planned.map((p) => p.item.externalId ?? null))}::text[]) as u(source, external_id)
          on i.source = u.source and i.external_id = u.external_id
        where i.workspace_id = ${workspaceId}::uuid`,
  );
  const stored = [...(await loadInteractions({ db, workspaceId, ids: matches.map((m) => m.id) })).values()];
  const byKey = new Map(stored.map((r) => [key(r.source, r.externalId), r]));
  const ids = stored.map((r) => r.id);
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
    const row = byKey.get(key(p.item.source, p.item.externalId ?? null));
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
