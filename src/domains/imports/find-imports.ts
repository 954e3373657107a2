import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../shared/errors.ts';
import { decodeKeyCursor, pageFrom } from '../../shared/pagination.ts';
import { jobs } from '../jobs/schema.ts';
import { importErrors, imports } from './schema.ts';

type Scope = { db: Db; workspaceId: string };
export type ImportRow = typeof imports.$inferSelect;

/** Errors shown with an import; the rest are counted. */
const ERRORS_SHOWN = 200;

/**
 * An import with its first errors. While a dry run works in its one transaction its row does not move,
 * so its job's progress stands in for `processed`.
 */
export async function getImport(options: Scope & { id: string }) {
  const { db, workspaceId, id } = options;
  const [found] = await db
    .select({ row: imports, jobProcessed: jobs.processed })
    .from(imports)
    .leftJoin(jobs, and(eq(jobs.workspaceId, imports.workspaceId), eq(jobs.id, imports.jobId)))
    .where(and(eq(imports.workspaceId, workspaceId), eq(imports.id, id)));
  if (!found) throw notFound('import', id);
  const errors = await db
    .select({ row: importErrors.row, field: importErrors.field, message: importErrors.message })
    .from(importErrors)
    .where(and(eq(importErrors.workspaceId, workspaceId), eq(importErrors.importId, id)))
    .orderBy(importErrors.row, importErrors.field)
    .limit(ERRORS_SHOWN);
  const processed = Math.max(found.row.processed, found.jobProcessed ?? 0);
  return { ...found.row, processed, errors };
}

/** The workspace's imports, newest first, one keyset page at a time. */
export async function findImports(options: Scope & { limit: number; cursor?: string }) {
  const after = options.cursor ? decodeKeyCursor(options.cursor, 'timestamp') : null;
  const rows = await options.db
    .select({ row: imports, cursorAt: sql<string>`${imports.createdAt}::text` })
    .from(imports)
    .where(
      and(
        eq(imports.workspaceId, options.workspaceId),
        after
          ? sql`(${imports.createdAt}, ${imports.id}) < (${after.key}::timestamptz, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(imports.createdAt), desc(imports.id))
    .limit(options.limit + 1);
  const page = pageFrom(rows, options.limit, (r) => [r.cursorAt, r.row.id]);
  return { rows: page.rows.map((r) => r.row), nextCursor: page.nextCursor };
}
