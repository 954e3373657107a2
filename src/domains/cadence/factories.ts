import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { tiers } from './schema.ts';

/** Inserts a tier straight into the store; for tests. */
export async function buildTier(
  db: Db,
  workspaceId: string,
  overrides: Partial<Omit<typeof tiers.$inferInsert, 'workspaceId'>> = {},
) {
  const [tier] = await db
    .insert(tiers)
    .values({
      name: `Tier ${randomBytes(3).toString('hex')}`,
      priority: 3,
      intervalDays: 30,
      channel: 'any',
      ...overrides,
      workspaceId,
    })
    .returning();
  if (!tier) throw new Error('tier insert returned nothing');
  return tier;
}
