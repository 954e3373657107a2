import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { DUE_FROM_SRC, IS_ORPHAN, TODAY_ON } from '../cadence/due-state.ts';
import { textArrayLiteral } from '../demo/bulk-insert.ts';
import type { Phone } from './schema.ts';
import { searchTextSql, searchWordsSql } from './search-text.ts';

/** A contact to create in bulk; its company, tier and owner exist already. */
export type NewContact = {
  id: string;
  firstName: string;
  lastName: string;
  title: string | null;
  linkedinUrl: string | null;
  companyId: string | null;
  ownerId: string | null;
  tierId: string | null;
  tags: string[];
  phones: Phone[];
  birthday: string | null;
  /** Its addresses in order, as given; written to contact_emails. */
  emails: string[];
};

/**
 * Creates many contacts with their emails, each written once: its search text and words and its due
 * state are computed in the INSERT by the same SQL refreshSearchText and refreshDueState use, instead of
 * an insert followed by two updates of every row. A new contact has no touches, next steps or snooze, so
 * its due state follows from its tier and creation time alone. New words go to the search vocabulary.
 */
export async function insertNewContacts(options: {
  db: Db;
  workspaceId: string;
  contacts: NewContact[];
  source: string;
  now: Date;
}): Promise<void> {
  const { db, contacts: rows } = options;
  if (rows.length === 0) return;
  const ws = sql`${options.workspaceId}::uuid`;
  const col = <T>(pick: (c: NewContact) => T) => sql.param(rows.map(pick));
  await db.execute(sql`
    with u as (
      select * from unnest(${col((c) => c.id)}::uuid[], ${col((c) => c.firstName)}::text[], ${col((c) => c.lastName)}::text[],
                           ${col((c) => c.title)}::text[], ${col((c) => c.linkedinUrl)}::text[],
                           ${col((c) => c.companyId)}::uuid[], ${col((c) => c.ownerId)}::uuid[],
                           ${col((c) => c.tierId)}::uuid[], ${col((c) => textArrayLiteral(c.tags))}::text[],
                           ${col((c) => JSON.stringify(c.phones))}::text[], ${col((c) => c.birthday)}::date[],
                           ${col((c) => c.emails.join(' '))}::text[])
             as u(id, first_name, last_name, title, linkedin_url, company_id, owner_id, tier_id, tags, phones, birthday, emails)
    ),
    src as (
      select ${ws} as workspace_id, u.*, ${options.now.toISOString()}::timestamptz as created_at,
             null::timestamptz as last_touch_at, null::date as next_step_on, null::date as snoozed_until,
             false as is_excluded, t.interval_days, coalesce(t.channel = 'newsletter', false) as is_newsletter,
             ${searchTextSql({
               firstName: sql`u.first_name`,
               lastName: sql`u.last_name`,
               emails: sql`u.emails`,
               companyName: sql`co.name`,
             })} as search_text
        from u
        left join tiers t on t.workspace_id = ${ws} and t.id = u.tier_id
        left join companies co on co.workspace_id = ${ws} and co.id = u.company_id
    ),
    due as (${DUE_FROM_SRC}),
    inserted as (
      insert into contacts (workspace_id, id, first_name, last_name, title, linkedin_url, company_id, owner_id, tier_id, tags,
                            source, phones, birthday, search_text, search_words, created_at, updated_at,
                            last_touch_at, next_step_on, next_due_on, due_reason, today_on, is_orphan)
      select due.workspace_id, due.id, due.first_name, due.last_name, due.title, due.linkedin_url, due.company_id, due.owner_id,
             due.tier_id, due.tags::text[], ${options.source}, due.phones::jsonb, due.birthday, due.search_text,
             ${searchWordsSql(sql`due.search_text`)}, due.created_at, due.created_at,
             due.last_touch_at, due.next_step_on, due.next_due_on, due.due_reason, ${TODAY_ON}, ${IS_ORPHAN}
        from due
      returning search_words
    )
    insert into search_words (workspace_id, word)
    select distinct ${ws}, w from inserted, unnest(inserted.search_words) w
    on conflict do nothing`);
  const emails = rows.flatMap((c) => c.emails.map((email, position) => ({ id: c.id, email, position })));
  if (emails.length === 0) return;
  await db.execute(sql`
    insert into contact_emails (workspace_id, contact_id, email, position)
    select ${ws}, u.id, u.email, u.position
      from unnest(${sql.param(emails.map((e) => e.id))}::uuid[], ${sql.param(emails.map((e) => e.email))}::text[],
                  ${sql.param(emails.map((e) => e.position))}::int[]) as u(id, email, position)`);
}
