import { and, count, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { auditLog } from '../audit/schema.ts';
import { buildTier as buildCadenceTier } from '../cadence/factories.ts';
import { facts } from '../facts/schema.ts';
import { interactionContacts, interactions, nextSteps } from './schema.ts';

/** A tier for these tests: the shared factory with a key tier's defaults (priority 1, every 14 days). */
export function buildTier(
  db: Db,
  workspaceId: string,
  overrides: Parameters<typeof buildCadenceTier>[2] = {},
) {
  return buildCadenceTier(db, workspaceId, { priority: 1, intervalDays: 14, ...overrides });
}

/** Row counts of the tables this domain writes, for asserting that a rejected request wrote nothing. */
export async function rowCounts(db: Db, workspaceId: string) {
  const countOf = async (table: typeof interactions | typeof nextSteps | typeof facts | typeof auditLog) => {
    const [row] = await db.select({ n: count() }).from(table).where(eq(table.workspaceId, workspaceId));
    return row?.n ?? 0;
  };
  const [links] = await db
    .select({ n: count() })
    .from(interactionContacts)
    .where(and(eq(interactionContacts.workspaceId, workspaceId)));
  return {
    interactions: await countOf(interactions),
    interactionContacts: links?.n ?? 0,
    nextSteps: await countOf(nextSteps),
    facts: await countOf(facts),
    audit: await countOf(auditLog),
  };
}

/** The UTC date n days from today, and its first instant as an ISO timestamp (never in the future for today). */
export function dayOffset(days: number): { date: string; at: string } {
  const date = new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  return { date, at: `${date}T00:00:00.000Z` };
}
