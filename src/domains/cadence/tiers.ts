import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { requireIds } from '../../db/require-ids.ts';
import { todayUtc } from '../../shared/dates.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { contacts } from '../contacts/schema.ts';
import { refreshDueState } from './due-state.ts';
import { tiers } from './schema.ts';
import type { TierInput, TierPatch } from './validators.ts';

type Scope = { db: Db; workspaceId: string };
type Write = Scope & { actorId: string };
export type TierRow = typeof tiers.$inferSelect;
/** A tier with how many contacts it holds. */
export type TierWithCount = { tier: TierRow; contactCount: number };

async function contactCount(options: Scope & { tierId: string }): Promise<number> {
  const [row] = await options.db
    .select({ n: count() })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, options.workspaceId), eq(contacts.tierId, options.tierId)));
  return row?.n ?? 0;
}

async function assertNameFree(options: Scope & { name: string; exceptId?: string }): Promise<void> {
  const [clash] = await options.db
    .select({ id: tiers.id })
    .from(tiers)
    .where(
      and(
        eq(tiers.workspaceId, options.workspaceId),
        eq(sql`lower(${tiers.name})`, options.name.toLowerCase()),
      ),
    );
  if (clash && clash.id !== options.exceptId) {
    throw new AppError('conflict', `A tier named "${options.name}" already exists`, [
      { field: 'body.name', message: 'already taken' },
    ]);
  }
}

/** Loads one tier row or throws not_found. */
async function getTierRow(options: Scope & { id: string }): Promise<TierRow> {
  const [row] = await options.db
    .select()
    .from(tiers)
    .where(and(eq(tiers.workspaceId, options.workspaceId), eq(tiers.id, options.id)));
  if (!row) throw notFound('tier', options.id);
  return row;
}

/** Lists the workspace's rating scale, most important first, with how many contacts each holds. */
export async function findTiers(options: Scope): Promise<TierWithCount[]> {
  const counts = options.db
    .select({ tierId: contacts.tierId, n: count().as('n') })
    .from(contacts)
    .where(eq(contacts.workspaceId, options.workspaceId))
    .groupBy(contacts.tierId)
    .as('counts');
  const rows = await options.db
    .select({ tier: tiers, n: counts.n })
    .from(tiers)
    .leftJoin(counts, eq(counts.tierId, tiers.id))
    .where(eq(tiers.workspaceId, options.workspaceId))
    .orderBy(asc(tiers.priority), asc(tiers.name));
  return rows.map((r) => ({ tier: r.tier, contactCount: r.n ?? 0 }));
}

/** One tier, or not_found. */
export async function getTier(options: Scope & { id: string }): Promise<TierWithCount> {
  const row = await getTierRow(options);
  return { tier: row, contactCount: await contactCount({ ...options, tierId: row.id }) };
}

/** Adds a tier to the rating scale. */
export async function createTier(options: Write & { input: TierInput }): Promise<TierWithCount> {
  await assertNameFree({ ...options, name: options.input.name });
  const [row] = await options.db
    .insert(tiers)
    .values({ ...options.input, workspaceId: options.workspaceId })
    .returning();
  if (!row) throw new Error('tier insert returned nothing');
  await recordAudit({
    ...options,
    action: 'create',
    entity: 'tier',
    entityId: row.id,
    changes: options.input,
  });
  return { tier: row, contactCount: 0 };
}

/**
 * Changes a tier. A new interval or channel re-times every contact of the tier in one statement,
 * in this transaction, so Today is right the moment the change commits.
 */
export async function updateTier(options: Write & { id: string; input: TierPatch }): Promise<TierWithCount> {
  const before = await getTierRow(options);
  if (options.input.name !== undefined)
    await assertNameFree({ ...options, name: options.input.name, exceptId: before.id });
  const [row] = await options.db
    .update(tiers)
    .set({ ...options.input, updatedAt: new Date() })
    .where(and(eq(tiers.workspaceId, options.workspaceId), eq(tiers.id, options.id)))
    .returning();
  if (!row) throw notFound('tier', options.id);
  if (row.intervalDays !== before.intervalDays || row.channel !== before.channel) {
    await refreshDueState({ db: options.db, workspaceId: options.workspaceId, scope: { tierId: row.id } });
  }
  await recordAudit({
    ...options,
    action: 'update',
    entity: 'tier',
    entityId: row.id,
    changes: options.input,
  });
  return getTier({ ...options, id: row.id });
}

/**
 * Deletes a tier. A tier that still holds contacts is kept unless the caller says where they go
 * (another tier, or none), so no contact silently loses its cadence.
 */
export async function deleteTier(options: Write & { id: string; moveTo?: string }): Promise<void> {
  const tier = await getTierRow(options);
  const held = await contactCount({ ...options, tierId: tier.id });
  if (held > 0) {
    if (!options.moveTo) {
      throw new AppError(
        'conflict',
        `Tier "${tier.name}" still holds ${held} contacts: pass moveTo=<tierId> or moveTo=none to delete it`,
        [{ field: 'query.moveTo', message: 'required while the tier holds contacts' }],
      );
    }
    const target = options.moveTo === 'none' ? null : options.moveTo;
    if (target === tier.id) {
      throw new AppError('validation_failed', 'Move to must be another tier', [
        { field: 'query.moveTo', message: 'must be another tier' },
      ]);
    }
    await requireIds({ ...options, table: tiers, ids: [target], entity: 'Tier', field: 'query.moveTo' });
    const moved = await options.db
      .update(contacts)
      .set({ tierId: target, updatedAt: new Date() })
      .where(and(eq(contacts.workspaceId, options.workspaceId), eq(contacts.tierId, tier.id)))
      .returning({ id: contacts.id });
    await refreshDueState({
      db: options.db,
      workspaceId: options.workspaceId,
      scope: { contactIds: moved.map((c) => c.id) },
    });
  }
  await options.db
    .delete(tiers)
    .where(and(eq(tiers.workspaceId, options.workspaceId), eq(tiers.id, tier.id)));
  await recordAudit({
    ...options,
    action: 'delete',
    entity: 'tier',
    entityId: tier.id,
    changes: { moveTo: options.moveTo },
  });
}

class PreviewDone extends Error {
  constructor(readonly dueAfter: number) {
    super('preview rolled back');
  }
}

async function countDue(options: Scope & { tierId: string; asOf: string }): Promise<number> {
  const [row] = await options.db
    .select({ n: count() })
    .from(contacts)
    .where(
      and(
        eq(contacts.workspaceId, options.workspaceId),
        eq(contacts.tierId, options.tierId),
        sql`${contacts.todayOn} <= ${options.asOf}::date`,
      ),
    );
  return row?.n ?? 0;
}

/**
 * How many of a tier's contacts would be due on asOf with another interval. It applies the change
 * with the real due rules inside a transaction and rolls it back, so the preview can never disagree
 * with what saving would do.
 */
export async function previewTierInterval(
  options: Scope & { id: string; intervalDays: number | null; asOf?: string },
) {
  const asOf = options.asOf ?? todayUtc();
  const tier = await getTierRow(options);
  const dueNow = await countDue({ ...options, tierId: tier.id, asOf });
  let dueAfter = dueNow;
  try {
    await options.db.transaction(async (tx) => {
      await tx
        .update(tiers)
        .set({ intervalDays: options.intervalDays })
        .where(and(eq(tiers.workspaceId, options.workspaceId), eq(tiers.id, tier.id)));
      await refreshDueState({ db: tx, workspaceId: options.workspaceId, scope: { tierId: tier.id } });
      throw new PreviewDone(
        await countDue({ db: tx, workspaceId: options.workspaceId, tierId: tier.id, asOf }),
      );
    });
  } catch (error) {
    if (!(error instanceof PreviewDone)) throw error;
    dueAfter = error.dueAfter;
  }
  const contactsInTier = await contactCount({ ...options, tierId: tier.id });
  return { asOf, contacts: contactsInTier, dueNow, dueAfter, change: dueAfter - dueNow };
}
