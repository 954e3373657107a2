import type { Db } from '../../db/client.ts';
import type { FactRow } from './facts.ts';
import { facts } from './schema.ts';

/** Inserts a personal fact about a contact straight into the store; for tests. */
export async function buildFact(
  db: Db,
  workspaceId: string,
  overrides: Partial<Omit<typeof facts.$inferInsert, 'workspaceId'>> & { contactId: string },
): Promise<FactRow> {
  const [row] = await db
    .insert(facts)
    .values({ text: 'Loves cycling', ...overrides, workspaceId })
    .returning();
  if (!row) throw new Error('fact insert returned nothing');
  return row;
}
