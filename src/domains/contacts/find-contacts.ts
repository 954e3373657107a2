import { and, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { decodeCursor, encodeCursor } from '../../shared/pagination.ts';
import { Id } from '../../shared/validators.ts';
import { type ContactRecord, loadContacts, loadRanked } from './load-contacts.ts';
import { contacts } from './schema.ts';
import { type ContactFilters, contactFilterSql, contactSearchQuery } from './search.ts';
import type { ContactListQuery } from './validators.ts';

type Scope = { db: Db; workspaceId: string };
export type ContactPage = { rows: ContactRecord[]; nextCursor: string | null };

/** A search page's cursor: the offset of the next page. */
const SearchCursor = z.tuple([z.number().int().min(0)]);
/** A name page's cursor: the last row's lower(last name), lower(first name) and id. */
const NameCursor = z.tuple([z.string(), z.string(), Id]);

/**
 * A page of search results, best match first; the cursor is the offset of the next page. The search and
 * the presenting of its contacts are one statement.
 */
async function findBySearch(
  options: Scope & { q: string; limit: number; cursor?: string; filters: ContactFilters },
) {
  const [offset] = options.cursor ? decodeCursor(options.cursor, SearchCursor) : [0];
  // One row more than the page tells whether there is a next page.
  const search = contactSearchQuery({ ...options, limit: options.limit + 1, offset });
  const found = await loadRanked({
    db: options.db,
    workspaceId: options.workspaceId,
    ranked: sql`select id, row_number() over () as rank from (${search}) matches`,
  });
  return {
    rows: found.slice(0, options.limit),
    nextCursor: found.length > options.limit ? encodeCursor([offset + options.limit]) : null,
  };
}

/** A page of contacts by name (last, first), with a keyset cursor on contacts_name_idx. */
async function findByName(options: Scope & { limit: number; cursor?: string; filters: ContactFilters }) {
  const lastKey = sql<string>`lower(${contacts.lastName})`;
  const firstKey = sql<string>`lower(${contacts.firstName})`;
  const after = options.cursor ? decodeCursor(options.cursor, NameCursor) : null;
  const rows = await options.db
    .select({ id: contacts.id, sortLast: lastKey, sortFirst: firstKey })
    .from(contacts)
    .where(
      and(
        contactFilterSql(options.workspaceId, options.filters),
        after
          ? sql`(${lastKey}, ${firstKey}, ${contacts.id}) > (${after[0]}, ${after[1]}, ${after[2]}::uuid)`
          : undefined,
      ),
    )
    .orderBy(lastKey, firstKey, contacts.id)
    .limit(options.limit + 1);
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  return {
    rows: await loadContacts({ ...options, ids: page.map((r) => r.id) }),
    nextCursor:
      rows.length > options.limit && last ? encodeCursor([last.sortLast, last.sortFirst, last.id]) : null,
  };
}

/** Lists contacts: by name, or by relevance when q is given; both honour the filters. */
export async function findContacts(
  options: Scope & { actorId: string | null; query: ContactListQuery },
): Promise<ContactPage> {
  const { q, limit, cursor, ownerId, ...rest } = options.query;
  const filters: ContactFilters = {
    ...rest,
    ownerId: ownerId === 'me' ? (options.actorId ?? undefined) : ownerId,
  };
  const base = { db: options.db, workspaceId: options.workspaceId, limit, cursor, filters };
  return q ? findBySearch({ ...base, q }) : findByName(base);
}
