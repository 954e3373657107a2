import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../shared/errors.ts';
import { decodeKeyCursor, pageFrom } from '../../shared/pagination.ts';
import { companies } from '../companies/schema.ts';
import { contacts } from '../contacts/schema.ts';
import { type InteractionRecord, visibleTo } from './interactions.ts';
import { loadParticipants, loadReplyTargets, requireContacts } from './lookup.ts';
import type { InteractionRow } from './record-touches.ts';
import { interactionContacts as ic, interactions } from './schema.ts';

type Page = { rows: InteractionRecord[]; nextCursor: string | null };
/** `actorId` is who reads: other people's private notes are left out. */
type PageOptions = { db: Db; workspaceId: string; actorId: string; limit: number; cursor?: string };

/** Interactions with their participants and the ones they answer, in one query each. */
async function withParticipants(options: { db: Db; workspaceId: string; rows: InteractionRow[] }) {
  const participants = await loadParticipants({ ...options, interactionIds: options.rows.map((r) => r.id) });
  const targets = await loadReplyTargets(options);
  return options.rows.map((row) => ({
    row,
    participants: participants.get(row.id) ?? [],
    inReplyToId: targets.get(row.id) ?? null,
  }));
}

/** The cursor carries occurred_at as PostgreSQL text so that keyset pagination keeps microseconds. */
const occurredText = sql<string>`${ic.occurredAt}::text`;

function after(cursor: string | undefined) {
  if (!cursor) return undefined;
  const { key, id } = decodeKeyCursor(cursor, 'timestamp');
  return sql`(${ic.occurredAt}, ${ic.interactionId}) < (${key}::timestamptz, ${id}::uuid)`;
}

/** A contact's interactions, newest first (one scan of interaction_contacts_timeline_idx per page). */
export async function findContactTimeline(options: PageOptions & { contactId: string }): Promise<Page> {
  const { db, workspaceId } = options;
  await requireContacts({ db, workspaceId, ids: [options.contactId], field: 'params.id' });
  const rows = await db
    .select({ interaction: interactions, cursorAt: occurredText })
    .from(ic)
    .innerJoin(
      interactions,
      and(eq(interactions.workspaceId, ic.workspaceId), eq(interactions.id, ic.interactionId)),
    )
    .where(
      and(
        eq(ic.workspaceId, workspaceId),
        eq(ic.contactId, options.contactId),
        after(options.cursor),
        visibleTo(options.actorId),
      ),
    )
    .orderBy(desc(ic.occurredAt), desc(ic.interactionId))
    .limit(options.limit + 1);
  const page = pageFrom(rows, options.limit, (r) => [r.cursorAt, r.interaction.id]);
  const records = await withParticipants({ db, workspaceId, rows: page.rows.map((r) => r.interaction) });
  return { rows: records, nextCursor: page.nextCursor };
}

/** Every interaction with any of a company's contacts, newest first, each interaction once. */
export async function findCompanyTimeline(options: PageOptions & { companyId: string }): Promise<Page> {
  const { db, workspaceId } = options;
  const [company] = await db
    .select({ id: companies.id })
    .from(companies)
    .where(and(eq(companies.workspaceId, workspaceId), eq(companies.id, options.companyId)));
  if (!company) throw notFound('Company', options.companyId);
  const keys = await db
    .selectDistinct({ interactionId: ic.interactionId, occurredAt: ic.occurredAt, cursorAt: occurredText })
    .from(ic)
    .innerJoin(contacts, and(eq(contacts.workspaceId, ic.workspaceId), eq(contacts.id, ic.contactId)))
    .innerJoin(
      interactions,
      and(eq(interactions.workspaceId, ic.workspaceId), eq(interactions.id, ic.interactionId)),
    )
    .where(
      and(
        eq(ic.workspaceId, workspaceId),
        eq(contacts.companyId, company.id),
        after(options.cursor),
        visibleTo(options.actorId),
      ),
    )
    .orderBy(desc(ic.occurredAt), desc(ic.interactionId))
    .limit(options.limit + 1);
  const page = pageFrom(keys, options.limit, (k) => [k.cursorAt, k.interactionId]);
  const ids = page.rows.map((k) => k.interactionId);
  const rows =
    ids.length === 0
      ? []
      : await db
          .select()
          .from(interactions)
          .where(and(eq(interactions.workspaceId, workspaceId), inArray(interactions.id, ids)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const ordered = ids.flatMap((id) => byId.get(id) ?? []);
  return { rows: await withParticipants({ db, workspaceId, rows: ordered }), nextCursor: page.nextCursor };
}
