import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { daysBetween, todayUtc } from '../../shared/dates.ts';
import { tiers } from '../cadence/schema.ts';
import { companies } from '../companies/schema.ts';
import { contactEmails, contacts } from './schema.ts';
import { ContactOutput } from './validators.ts';

export { ContactOutput };

export type ContactRow = typeof contacts.$inferSelect;
type TierRow = Pick<typeof tiers.$inferSelect, 'id' | 'name' | 'priority' | 'intervalDays' | 'channel'>;
type Related = {
  emails: Map<string, string[]>;
  companies: Map<string, { id: string; name: string }>;
  tiers: Map<string, TierRow>;
};

/** Picks the API fields of a contact; its emails, company and tier come from loadRelated. */
export function presentContact(row: ContactRow, related: Related, today = todayUtc()): ContactOutput {
  return {
    id: row.id,
    firstName: row.firstName,
    lastName: row.lastName,
    name: `${row.firstName} ${row.lastName}`.trim(),
    title: row.title,
    company: row.companyId ? (related.companies.get(row.companyId) ?? null) : null,
    companyId: row.companyId,
    ownerId: row.ownerId,
    tier: row.tierId ? (related.tiers.get(row.tierId) ?? null) : null,
    tierId: row.tierId,
    intervalDays: row.intervalDays,
    stage: row.stage,
    readiness: row.readiness,
    tags: row.tags,
    source: row.source,
    emails: related.emails.get(row.id) ?? [],
    phones: row.phones.map((p) => ({ label: p.label ?? null, number: p.number })),
    birthday: row.birthday,
    doNotContact: row.doNotContact,
    snoozedUntil: row.snoozedUntil,
    archived: row.archived,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    lastTouchAt: row.lastTouchAt?.toISOString() ?? null,
    nextDueAt: row.nextDueOn,
    dueReason: row.dueReason,
    overdueDays: row.nextDueOn ? Math.max(0, daysBetween(row.nextDueOn, today)) : null,
    isOrphan: row.isOrphan,
  };
}

/** Loads the emails, companies and tiers of many contacts in three queries (no N+1). */
async function loadRelated(db: Db, workspaceId: string, rows: ContactRow[]): Promise<Related> {
  const ids = rows.map((r) => r.id);
  const companyIds = [...new Set(rows.flatMap((r) => (r.companyId ? [r.companyId] : [])))];
  const tierIds = [...new Set(rows.flatMap((r) => (r.tierId ? [r.tierId] : [])))];
  // Sequential on purpose: a transaction is one connection, which runs one query at a time.
  const emailRows = ids.length
    ? await db
        .select({ contactId: contactEmails.contactId, email: contactEmails.email })
        .from(contactEmails)
        .where(and(eq(contactEmails.workspaceId, workspaceId), inArray(contactEmails.contactId, ids)))
        .orderBy(asc(contactEmails.position))
    : [];
  const companyRows = companyIds.length
    ? await db
        .select({ id: companies.id, name: companies.name })
        .from(companies)
        .where(and(eq(companies.workspaceId, workspaceId), inArray(companies.id, companyIds)))
    : [];
  const tierRows = tierIds.length
    ? await db
        .select({
          id: tiers.id,
          name: tiers.name,
          priority: tiers.priority,
          intervalDays: tiers.intervalDays,
          channel: tiers.channel,
        })
        .from(tiers)
        .where(and(eq(tiers.workspaceId, workspaceId), inArray(tiers.id, tierIds)))
    : [];
  const emails = new Map<string, string[]>();
  for (const e of emailRows) emails.set(e.contactId, [...(emails.get(e.contactId) ?? []), e.email]);
  return {
    emails,
    companies: new Map(companyRows.map((c) => [c.id, c])),
    tiers: new Map(tierRows.map((t) => [t.id, t])),
  };
}

/** Presents many contacts with batched look-ups, keeping their order. */
export async function presentContacts(options: {
  db: Db;
  workspaceId: string;
  rows: ContactRow[];
}): Promise<ContactOutput[]> {
  const related = await loadRelated(options.db, options.workspaceId, options.rows);
  const today = todayUtc();
  return options.rows.map((row) => presentContact(row, related, today));
}

/**
 * Loads and presents contacts by id, in the order of the ids given; unknown ids are skipped. One
 * statement brings each contact with its emails, company and tier (search pages and single contacts
 * come through here, so the round trips count).
 */
export async function presentContactIds(options: {
  db: Db;
  workspaceId: string;
  ids: string[];
}): Promise<ContactOutput[]> {
  if (options.ids.length === 0) return [];
  const rows = await options.db
    .select({
      contact: contacts,
      emails: sql<
        string[]
      >`coalesce((select array_agg(${contactEmails.email} order by ${contactEmails.position})
        from ${contactEmails} where ${contactEmails.workspaceId} = ${contacts.workspaceId}
        and ${contactEmails.contactId} = ${contacts.id}), '{}'::text[])`,
      company: { id: companies.id, name: companies.name },
      tier: {
        id: tiers.id,
        name: tiers.name,
        priority: tiers.priority,
        intervalDays: tiers.intervalDays,
        channel: tiers.channel,
      },
    })
    .from(contacts)
    .leftJoin(
      companies,
      and(eq(companies.workspaceId, contacts.workspaceId), eq(companies.id, contacts.companyId)),
    )
    .leftJoin(tiers, and(eq(tiers.workspaceId, contacts.workspaceId), eq(tiers.id, contacts.tierId)))
    .where(and(eq(contacts.workspaceId, options.workspaceId), inArray(contacts.id, options.ids)));
  const related: Related = { emails: new Map(), companies: new Map(), tiers: new Map() };
  for (const row of rows) {
    related.emails.set(row.contact.id, row.emails);
    if (row.company) related.companies.set(row.company.id, row.company);
    if (row.tier) related.tiers.set(row.tier.id, row.tier);
  }
  const byId = new Map(rows.map((r) => [r.contact.id, r.contact]));
  const today = todayUtc();
  return options.ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [presentContact(row, related, today)] : [];
  });
}
