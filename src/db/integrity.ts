import { sql } from 'drizzle-orm';
import { type Db, queryRows } from './client.ts';

/**
 * Rows that hang off nothing, which foreign keys cannot rule out: each check counts them. Foreign keys with
 * ON DELETE CASCADE cover what belongs to one contact (emails, next steps, facts, its interaction links);
 * these cover what the application must clean up itself. Add a check with every table of that kind.
 */
const CHECKS: Record<string, ReturnType<typeof sql>> = {
  'interactions without any contact': sql`select count(*)::int as n from interactions i
    where not exists (select 1 from interaction_contacts ic
      where ic.workspace_id = i.workspace_id and ic.interaction_id = i.id)`,
  'next steps linked to a deleted interaction': sql`select count(*)::int as n from next_steps s
    where s.interaction_id is not null and not exists (select 1 from interactions i
      where i.workspace_id = s.workspace_id and i.id = s.interaction_id)`,
  'next steps completed by a deleted interaction': sql`select count(*)::int as n from next_steps s
    where s.completed_by is not null and not exists (select 1 from interactions i
      where i.workspace_id = s.workspace_id and i.id = s.completed_by)`,
};

/** The orphan checks that found rows, with how many; empty when the store is whole. */
export async function findOrphanRows(db: Db): Promise<Record<string, number>> {
  const found: Record<string, number> = {};
  for (const [name, query] of Object.entries(CHECKS)) {
    const [row] = await queryRows<{ n: number }>(db, query);
    if (row && row.n > 0) found[name] = row.n;
  }
  return found;
}
