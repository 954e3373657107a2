import { and, asc, eq, gt, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { decodeCursor, encodeCursor } from '../../shared/pagination.ts';
import { Id } from '../../shared/validators.ts';
import { companies } from '../companies/schema.ts';
import { contacts } from '../contacts/schema.ts';
import { tiers } from './schema.ts';

/** A page's cursor: the last contact's lower(last name), lower(first name) and id. */
const NameCursor = z.tuple([z.string(), z.string(), Id]);

/** An orphan with the names of its company and tier. */
export type OrphanRow = {
  contact: typeof contacts.$inferSelect;
  companyName: string | null;
  tierName: string | null;
};

/**
 * Contacts with no cadence and no open next step ("No plan"), by name. They are kept apart from
 * Today and counted on it, so nobody silently drops out.
 */
export async function findOrphans(options: {
  db: Db;
  workspaceId: string;
  ownerId: string | null;
  limit: number;
  cursor?: string;
}): Promise<{ rows: OrphanRow[]; nextCursor: string | null }> {
  const last = sql`lower(${contacts.lastName})`;
  const first = sql`lower(${contacts.firstName})`;
  const conditions = [eq(contacts.workspaceId, options.workspaceId), eq(contacts.isOrphan, true)];
  if (options.ownerId) conditions.push(eq(contacts.ownerId, options.ownerId));
  if (options.cursor) {
    const [l, f, id] = decodeCursor(options.cursor, NameCursor);
    conditions.push(
      or(
        gt(last, l),
        and(eq(last, l), gt(first, f)),
        and(eq(last, l), eq(first, f), gt(contacts.id, id)),
      ) as ReturnType<typeof eq>,
    );
  }
  const rows = await options.db
    .select({
      contact: contacts,
      companyName: companies.name,
      tierName: tiers.name,
      sortLast: last.mapWith(String),
      sortFirst: first.mapWith(String),
    })
    .from(contacts)
    .leftJoin(
      companies,
      and(eq(companies.workspaceId, contacts.workspaceId), eq(companies.id, contacts.companyId)),
    )
    .leftJoin(tiers, and(eq(tiers.workspaceId, contacts.workspaceId), eq(tiers.id, contacts.tierId)))
    .where(and(...conditions))
    .orderBy(asc(last), asc(first), asc(contacts.id))
    .limit(options.limit + 1);
  const page = rows.slice(0, options.limit);
  const end = page.at(-1);
  const more = rows.length > options.limit && end;
  return {
    rows: page.map(({ contact, companyName, tierName }) => ({ contact, companyName, tierName })),
    nextCursor: more ? encodeCursor([end.sortLast, end.sortFirst, end.contact.id]) : null,
  };
}
