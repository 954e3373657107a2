import { and, eq, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { inTransaction } from '../../db/transaction.ts';
import { createImport } from './create-import.ts';
import { runImport } from './run-import.ts';
import { importErrors, imports } from './schema.ts';
import { ImportFormInput } from './validators.ts';

/** Uploads bytes as an import and runs it in this process; for tests. Returns the import row and its errors. */
export async function importBytes(options: {
  db: Db;
  workspaceId: string;
  actorId: string;
  bytes: Uint8Array | string;
  form?: Record<string, string>;
  fileName?: string;
}) {
  const bytes = typeof options.bytes === 'string' ? Buffer.from(options.bytes) : options.bytes;
  async function* file() {
    yield bytes;
  }
  const input = ImportFormInput.parse(options.form ?? {});
  const row = await inTransaction(options.db, (tx) =>
    createImport({ ...options, db: tx, fileName: options.fileName ?? 'contacts.csv', file: file(), input }),
  );
  await runImport({ db: options.db, workspaceId: options.workspaceId, importId: row.id });
  return importState(options.db, options.workspaceId, row.id);
}

/** An import row with its stored errors in row order. */
export async function importState(db: Db, workspaceId: string, id: string) {
  const [row] = await db
    .select()
    .from(imports)
    .where(and(eq(imports.workspaceId, workspaceId), eq(imports.id, id)));
  const errors = await db
    .select({ row: importErrors.row, field: importErrors.field, message: importErrors.message })
    .from(importErrors)
    .where(and(eq(importErrors.workspaceId, workspaceId), eq(importErrors.importId, id)))
    .orderBy(importErrors.row, importErrors.field);
  if (!row) throw new Error(`no import ${id}`);
  return { ...row, errors };
}

/** The workspace's contacts as a person sees them, sorted, for comparing whole states. */
export async function contactSnapshot(db: Db, workspaceId: string) {
  return queryRows<Record<string, unknown>>(
    db,
    sql`select c.first_name, c.last_name, c.title, c.linkedin_url, co.name as company, c.birthday::text as birthday, c.tags, c.phones,
               c.search_text, c.next_due_on::text as next_due_on, c.is_orphan, c.owner_id, c.tier_id,
               (select array_agg(lower(e.email) order by e.position) from contact_emails e
                 where e.workspace_id = c.workspace_id and e.contact_id = c.id) as emails,
               (select array_agg(f.text order by f.text) from facts f
                 where f.workspace_id = c.workspace_id and f.contact_id = c.id) as facts
          from contacts c left join companies co on co.workspace_id = c.workspace_id and co.id = c.company_id
         where c.workspace_id = ${workspaceId}::uuid
         order by lower(c.last_name), lower(c.first_name), c.title nulls first`,
  );
}
