import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { queryRows } from '../../db/client.ts';
import { decodeCursor, encodeCursor } from '../../shared/pagination.ts';
import { Id } from '../../shared/validators.ts';
import type { ContactSort } from '../../shared/vocabulary.ts';
import { tiers } from '../cadence/schema.ts';
import { companies } from '../companies/schema.ts';
import { users } from '../workspaces/schema.ts';
import { type ContactRecord, loadContacts, loadRanked } from './load-contacts.ts';
import { contacts } from './schema.ts';
import { type ContactFilters, contactFilterSql, contactSearchQuery } from './search.ts';
import type { ContactListQuery } from './validators.ts';

type Scope = { db: Db; workspaceId: string };
export type ContactPage = { rows: ContactRecord[]; nextCursor: string | null };

/** A search page's cursor: the offset of the next page. */
const SearchCursor = z.tuple([z.number().int().min(0)]);
/**
 * A sorted page's cursor: the order it belongs to (a cursor of another order is refused like a forged
 * one), whether the last row's sort value is missing (1) or not (0), that value as text, and its lower(last
 * name), lower(first name) and id.
 */
const sortCursor = (order: string) =>
  z.tuple([
    z.literal(order),
    z.union([z.literal(0), z.literal(1)]),
    z.string().max(300).nullable(),
    z.string(),
    z.string(),
    Id,
  ]);

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

/**
 * Each sort's value, the type its cursor text is read back as, and the join that brings it (a hash join
 * of the workspace's companies, tiers or users, read once). Null sorts last whichever the direction; within
 * one value, contacts follow by name. Name has no value: contacts_name_idx serves it.
 */
const SORT_VALUES: Record<Exclude<ContactSort, 'name'>, { value: SQL; type: SQL; join?: SQL }> = {
  company: {
    value: sql`lower(sort_company.name)`,
    type: sql`text`,
    join: sql`left join ${companies} sort_company on sort_company.workspace_id = ${contacts.workspaceId}
      and sort_company.id = ${contacts.companyId}`,
  },
  tier: {
    value: sql`sort_tier.priority`,
    type: sql`int`,
    join: sql`left join ${tiers} sort_tier on sort_tier.workspace_id = ${contacts.workspaceId}
      and sort_tier.id = ${contacts.tierId}`,
  },
  lastTouch: { value: sql`${contacts.lastTouchAt}`, type: sql`timestamptz` },
  nextDue: { value: sql`${contacts.nextDueOn}`, type: sql`date` },
  owner: {
    value: sql`lower(sort_owner.name)`,
    type: sql`text`,
    join: sql`left join ${users} sort_owner on sort_owner.workspace_id = ${contacts.workspaceId}
      and sort_owner.id = ${contacts.ownerId}`,
  },
};

/** A page of contacts in a column's order, with a keyset cursor on (missing, value, last, first, id). */
async function findSorted(
  options: Scope & {
    limit: number;
    cursor?: string;
    filters: ContactFilters;
    sort: ContactSort;
    dir: 'asc' | 'desc';
  },
) {
  const { sort, dir } = options;
  const spec = sort === 'name' ? null : SORT_VALUES[sort];
  const value = spec ? spec.value : sql`null::text`;
  const missing = spec ? sql`(${value} is null)::int` : sql`0`;
  const last = sql`lower(${contacts.lastName})`;
  const first = sql`lower(${contacts.firstName})`;
  const after = options.cursor ? decodeCursor(options.cursor, sortCursor(`${sort}.${dir}`)) : null;
  const cmp = sql.raw(dir === 'asc' ? '>' : '<');
  const order = sql.raw(dir);
  let where: SQL = contactFilterSql(options.workspaceId, options.filters);
  if (after) {
    const [, wasMissing, v, l, f, id] = after;
    const names = sql`(${last}, ${first}, ${contacts.id}) ${cmp} (${l}, ${f}, ${id}::uuid)`;
    const keyed =
      spec && wasMissing === 0 && v !== null
        ? sql`(${missing} > 0 or (${value}, ${last}, ${first}, ${contacts.id}) ${cmp} (${v}::${spec.type}, ${l}, ${f}, ${id}::uuid))`
        : sql`(${missing} = ${wasMissing} and ${names})`;
    where = sql`${where} and ${keyed}`;
  }
  const rows = await queryRows<{ id: string; missing: 0 | 1; value: string | null; l: string; f: string }>(
    options.db,
    sql`select ${contacts.id} as id, ${missing} as missing, ${value}::text as value, ${last} as l, ${first} as f
      from ${contacts} ${spec?.join ?? sql``} where ${where}
      order by ${spec ? sql`${missing}, ${value} ${order}, ` : sql``}${last} ${order}, ${first} ${order}, ${contacts.id} ${order}
      limit ${options.limit + 1}`,
  );
  const page = rows.slice(0, options.limit);
  const end = page.at(-1);
  return {
    rows: await loadContacts({ ...options, ids: page.map((r) => r.id) }),
    nextCursor:
      rows.length > options.limit && end
        ? encodeCursor([`${sort}.${dir}`, Number(end.missing), end.value, end.l, end.f, end.id])
        : null,
  };
}

/** Lists contacts: by a column (name by default), or by relevance when q is given; both honour the filters. */
export async function findContacts(
  options: Scope & { actorId: string | null; query: ContactListQuery },
): Promise<ContactPage> {
  const { q, limit, cursor, ownerId, sort, dir, firstName, lastName, ...rest } = options.query;
  const filters: ContactFilters = {
    ...rest,
    ownerId: ownerId === 'me' ? (options.actorId ?? undefined) : ownerId,
    ...(firstName !== undefined ? { name: { first: firstName, last: lastName ?? '' } } : {}),
  };
  const base = { db: options.db, workspaceId: options.workspaceId, limit, cursor, filters };
  return q ? findBySearch({ ...base, q }) : findSorted({ ...base, sort, dir });
}
