import { and, asc, eq, gt, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { decodeCursor, encodeCursor } from '../../shared/pagination.ts';
import { Id } from '../../shared/validators.ts';
import { companies } from '../companies/schema.ts';
import { contacts, STAGES } from '../contacts/schema.ts';
import { tiers } from './schema.ts';

/** A page's cursor: the last contact's lower(last name), lower(first name) and id. */
const NameCursor = z.tuple([z.string(), z.string(), Id]);

export const OrphanOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  company: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  tier: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  stage: z.enum(STAGES),
  lastTouchAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type OrphanOutput = z.infer<typeof OrphanOutput>;

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
}) {
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
  const items = page.map(
    ({ contact: c, companyName, tierName }): OrphanOutput => ({
      id: c.id,
      name: `${c.firstName} ${c.lastName}`.trim(),
      company: c.companyId && companyName ? { id: c.companyId, name: companyName } : null,
      tier: c.tierId && tierName ? { id: c.tierId, name: tierName } : null,
      stage: c.stage,
      lastTouchAt: c.lastTouchAt?.toISOString() ?? null,
      createdAt: c.createdAt.toISOString(),
    }),
  );
  const end = page.at(-1);
  const more = rows.length > options.limit && end;
  return { items, nextCursor: more ? encodeCursor([end.sortLast, end.sortFirst, end.contact.id]) : null };
}
