import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { companies } from './schema.ts';

type CompanyRow = typeof companies.$inferInsert;

/** Inserts a company straight into the store; for tests. */
export async function buildCompany(
  db: Db,
  workspaceId: string,
  overrides: Partial<Omit<CompanyRow, 'workspaceId'>> = {},
) {
  const suffix = randomBytes(4).toString('hex');
  const [company] = await db
    .insert(companies)
    .values({ name: `Company ${suffix}`, ...overrides, workspaceId })
    .returning();
  if (!company) throw new Error('company insert returned nothing');
  return company;
}
