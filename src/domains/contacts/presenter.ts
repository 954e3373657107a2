import { and, eq, getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { statementName } from '../../db/statement-name.ts';
import { daysBetween, todayUtc } from '../../shared/dates.ts';
import { tiers } from '../cadence/schema.ts';
import { companies } from '../companies/schema.ts';
import { contactEmails, contacts } from './schema.ts';
import { ContactOutput } from './validators.ts';

export { ContactOutput };

// What presentContact reads: every column but the workspace, the search text and the due columns only the
// engine uses. Loading fewer columns (search_words is an array per row) makes a page cheaper to parse.
const {
  workspaceId: _workspace,
  searchText: _text,
  searchWords: _words,
  nextStepOn: _step,
  todayOn: _today,
  ...presentedColumns
} = getTableColumns(contacts);
type ContactRow = Pick<typeof contacts.$inferSelect, keyof typeof presentedColumns>;
type TierRow = Pick<typeof tiers.$inferSelect, 'id' | 'name' | 'priority' | 'intervalDays' | 'channel'>;
type Related = { emails: string[]; company: { id: string; name: string } | null; tier: TierRow | null };

/** Picks the API fields of a contact, with its emails, company and tier. */
function presentContact(row: ContactRow, related: Related, today: string): ContactOutput {
  return {
    id: row.id,
    firstName: row.firstName,
    lastName: row.lastName,
    name: `${row.firstName} ${row.lastName}`.trim(),
    title: row.title,
    company: related.company,
    companyId: row.companyId,
    ownerId: row.ownerId,
    tier: related.tier,
    tierId: row.tierId,
    intervalDays: row.intervalDays,
    stage: row.stage,
    readiness: row.readiness,
    tags: row.tags,
    source: row.source,
    emails: related.emails,
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

/**
 * Presents the contacts a ranked subquery names (columns `id` and `rank`), in rank order, in ONE statement
 * that brings each contact's presented columns with its emails, company and tier. Search pages fold their
 * search into it, so a page of results is one round trip. Unknown ids are skipped.
 */
export async function presentRanked(options: {
  db: Db;
  workspaceId: string;
  ranked: SQL;
}): Promise<ContactOutput[]> {
  const query = options.db
    .select({
      contact: presentedColumns,
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
    .innerJoin(sql`(${options.ranked}) as ranked`, sql`ranked.id = ${contacts.id}`)
    .leftJoin(
      companies,
      and(eq(companies.workspaceId, contacts.workspaceId), eq(companies.id, contacts.companyId)),
    )
    .leftJoin(tiers, and(eq(tiers.workspaceId, contacts.workspaceId), eq(tiers.id, contacts.tierId)))
    .where(eq(contacts.workspaceId, options.workspaceId))
    .orderBy(sql`ranked.rank`);
  // Search pages come in a few shapes (the number of words, the filters), each a long statement to plan.
  const name = statementName(query.toSQL().sql);
  const rows = await (name ? query.prepare(name).execute() : query);
  const today = todayUtc();
  return rows.map((row) => presentContact(row.contact, row, today));
}

/** Loads and presents contacts by id, in the order of the ids given; unknown ids are skipped. */
export async function presentContactIds(options: {
  db: Db;
  workspaceId: string;
  ids: string[];
}): Promise<ContactOutput[]> {
  if (options.ids.length === 0) return [];
  return presentRanked({
    ...options,
    ranked: sql`select * from unnest(${sql.param(options.ids)}::uuid[]) with ordinality as r(id, rank)`,
  });
}
