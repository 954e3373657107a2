import { and, eq, inArray } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { notFound } from '../shared/errors.ts';
import type { Db } from './client.ts';

/** A table led by workspace_id with an id, as every Kith table is. */
type WorkspaceTable = PgTable & { workspaceId: PgColumn; id: PgColumn };

/**
 * The one way to say "these ids must exist in my workspace": throws not_found naming `field` for any id that
 * is not a row of `table` in the workspace (another workspace's id reads exactly like a missing one). For
 * references a write is about to store, so a foreign key never fails with a 500.
 */
export async function requireIds(options: {
  db: Db;
  workspaceId: string;
  table: WorkspaceTable;
  ids: readonly (string | null | undefined)[];
  entity: string;
  field: string;
}): Promise<void> {
  const ids = [...new Set(options.ids.filter((id): id is string => Boolean(id)))];
  if (ids.length === 0) return;
  const { table } = options;
  const rows = (await options.db
    .select({ id: table.id })
    .from(table)
    .where(and(eq(table.workspaceId, options.workspaceId), inArray(table.id, ids)))) as { id: string }[];
  const found = new Set(rows.map((r) => r.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) throw notFound(options.entity, missing, options.field);
}
