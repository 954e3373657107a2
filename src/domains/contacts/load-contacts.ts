import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { queryNamedRows } from '../../db/named-statements.ts';
import type { ContactOutput } from './validators.ts';

/** A contact as the API shows it: its columns, with its emails, company and tier (loadRanked's row). */
export type ContactRecord = {
  id: string;
  first_name: string;
  last_name: string;
  title: string | null;
  company_id: string | null;
  owner_id: string | null;
  tier_id: string | null;
  interval_days: number | null;
  stage: ContactOutput['stage'];
  readiness: number;
  tags: string[];
  source: string | null;
  phones: { label?: string | null; number: string }[];
  birthday: string | null;
  linkedin_url: string | null;
  do_not_contact: boolean;
  snoozed_until: string | null;
  archived: boolean;
  created_at: string;
  updated_at: string;
  last_touch_at: string | null;
  next_due_on: string | null;
  due_reason: ContactOutput['dueReason'];
  is_orphan: boolean;
  emails: string[];
  company_name: string | null;
  tier_name: string | null;
  tier_priority: number | null;
  tier_interval_days: number | null;
  tier_channel: NonNullable<ContactOutput['tier']>['channel'] | null;
};

/**
 * Loads the contacts a ranked subquery names (columns `id` and `rank`), in rank order, in ONE statement
 * that brings each contact's columns with its emails, company and tier. Search pages fold their search into
 * it, so a page of results is one round trip; they come in a few shapes (the number of words, the filters),
 * each long to plan, so the statement is named (queryNamedRows). Unknown ids are skipped.
 */
export async function loadRanked(options: {
  db: Db;
  workspaceId: string;
  ranked: SQL;
}): Promise<ContactRecord[]> {
  const ws = sql`${options.workspaceId}::uuid`;
  return queryNamedRows<ContactRecord>(
    options.db,
    sql`select c.id, c.first_name, c.last_name, c.title, c.company_id, c.owner_id, c.tier_id, c.interval_days,
        c.stage, c.readiness, c.tags, c.source, c.phones, c.birthday::text as birthday, c.linkedin_url,
        c.do_not_contact,
        c.snoozed_until::text as snoozed_until, c.archived, c.created_at, c.updated_at, c.last_touch_at,
        c.next_due_on::text as next_due_on, c.due_reason, c.is_orphan,
        coalesce((select array_agg(e.email order by e.position) from contact_emails e
          where e.workspace_id = c.workspace_id and e.contact_id = c.id), '{}'::text[]) as emails,
        co.name as company_name,
        t.name as tier_name, t.priority as tier_priority, t.interval_days as tier_interval_days,
        t.channel as tier_channel
      from contacts c
      join (${options.ranked}) as ranked on ranked.id = c.id
      left join companies co on co.workspace_id = c.workspace_id and co.id = c.company_id
      left join tiers t on t.workspace_id = c.workspace_id and t.id = c.tier_id
      where c.workspace_id = ${ws}
      order by ranked.rank`,
  );
}

/** Loads contacts by id, in the order of the ids given; unknown ids are skipped. */
export async function loadContacts(options: {
  db: Db;
  workspaceId: string;
  ids: string[];
}): Promise<ContactRecord[]> {
  if (options.ids.length === 0) return [];
  return loadRanked({
    ...options,
    ranked: sql`select * from unnest(${sql.param(options.ids)}::uuid[]) with ordinality as r(id, rank)`,
  });
}
