import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../../db/client.ts';
import { findContacts } from '../find-contacts.ts';
import type { ContactRecord } from '../load-contacts.ts';
import type { ContactListQuery } from '../validators.ts';

/** Contacts fetched per page of an export: one statement for the page and one for its facts. */
export const EXPORT_PAGE = 500;

/** A contact as an export writes it: its record, its owner's email and the facts the caller may see. */
export type ExportedContact = ContactRecord & { owner_email: string | null; facts: string[] };

export type ExportFilters = Omit<ContactListQuery, 'limit' | 'cursor'>;

/**
 * The contacts of the list's filters (the same find function as GET /api/contacts), a page at a time, so an
 * export of a million contacts never holds more than a page. Each contact comes with the facts the caller
 * may see: shared ones and their own private ones, never another person's private fact. Pages are read one
 * after another without one snapshot, so a contact changed during a long export shows as it was when its
 * page was read.
 */
export async function* exportContacts(options: {
  db: Db;
  workspaceId: string;
  actorId: string | null;
  filters: ExportFilters;
}): AsyncGenerator<ExportedContact[]> {
  const { db, workspaceId, actorId } = options;
  const owners = new Map(
    (
      await queryRows<{ id: string; email: string }>(
        db,
        sql`select id, email from users where workspace_id = ${workspaceId}::uuid`,
      )
    ).map((u) => [u.id, u.email]),
  );
  let cursor: string | undefined;
  do {
    const page = await findContacts({
      db,
      workspaceId,
      actorId,
      query: { ...options.filters, limit: EXPORT_PAGE, cursor },
    });
    if (page.rows.length === 0) return;
    const facts = await queryRows<{ contact_id: string; text: string }>(
      db,
      sql`select contact_id, text from facts
          where workspace_id = ${workspaceId}::uuid
            and contact_id = any(${sql.param(page.rows.map((r) => r.id))}::uuid[])
            and (not is_private or created_by = ${actorId}::uuid)
          order by contact_id, created_at, id`,
    );
    const factsOf = new Map<string, string[]>();
    for (const f of facts) factsOf.set(f.contact_id, [...(factsOf.get(f.contact_id) ?? []), f.text]);
    yield page.rows.map((row) => ({
      ...row,
      owner_email: row.owner_id ? (owners.get(row.owner_id) ?? null) : null,
      facts: factsOf.get(row.id) ?? [],
    }));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
