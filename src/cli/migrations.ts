import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/client.ts';
import { MIGRATIONS_FOLDER } from '../db/migrate.ts';

type JournalEntry = { tag: string; when: number };

/** The migrations shipped with this version, oldest first. */
export function shippedMigrations(): JournalEntry[] {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as {
    entries: JournalEntry[];
  };
  return journal.entries;
}

/**
 * Which shipped migrations the store has and which it lacks. Drizzle applies every migration newer than the
 * newest one it recorded, so the same rule decides here.
 */
export async function migrationStatus(db: Db): Promise<{ applied: string[]; pending: string[] }> {
  const [table] = await queryRows<{ name: string | null }>(
    db,
    sql`select to_regclass('drizzle.__drizzle_migrations')::text as name`,
  );
  let newest = -1;
  if (table?.name) {
    const [row] = await queryRows<{ newest: string | null }>(
      db,
      sql`select max(created_at)::text as newest from drizzle.__drizzle_migrations`,
    );
    newest = row?.newest ? Number(row.newest) : -1;
  }
  const shipped = shippedMigrations();
  return {
    applied: shipped.filter((m) => m.when <= newest).map((m) => m.tag),
    pending: shipped.filter((m) => m.when > newest).map((m) => m.tag),
  };
}
