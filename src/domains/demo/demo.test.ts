import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { addDays } from '../../shared/dates.ts';
import { AppError } from '../../shared/errors.ts';
import { apiAs, openTestApp, type TestApp } from '../../test/http.ts';
import { generateWorkspace } from './generate.ts';
import { DEMO_LOGIN, hasAnyWorkspace, seedDemo } from './seed.ts';

const NOW = new Date('2026-03-15T10:30:00Z');
const TODAY = '2026-03-15';

let t: TestApp;
let demo: Awaited<ReturnType<typeof seedDemo>>;

beforeAll(async () => {
  t = await openTestApp();
  expect(await hasAnyWorkspace(t.store.db)).toBe(false);
  demo = await t.store.db.transaction((tx) => seedDemo({ db: tx, now: NOW }));
});
afterAll(() => t.close());

async function names(workspaceId: string) {
  // Ids count up in generation order, so ordering by id replays the generator's order.
  const rows = await queryRows<{ name: string }>(
    t.store.db,
    sql`select first_name || ' ' || last_name as name from contacts
        where workspace_id = ${workspaceId}::uuid order by id`,
  );
  return rows.map((r) => r.name);
}

describe('generateWorkspace', () => {
  it('gives the same workspace for the same seed and now, and another for another seed', async () => {
    const base = { db: t.store.db, contacts: 150, interactionsPerContact: 6, owners: 2, now: NOW };
    const first = await generateWorkspace({ ...base, seed: 7, workspaceName: 'Same 1' });
    const second = await generateWorkspace({ ...base, seed: 7, workspaceName: 'Same 2' });
    const other = await generateWorkspace({ ...base, seed: 8, workspaceName: 'Other' });
    expect(second.counts).toEqual(first.counts);
    expect(first.counts.contacts).toBe(150);
    expect(await names(second.workspaceId)).toEqual(await names(first.workspaceId));
    expect(await names(other.workspaceId)).not.toEqual(await names(first.workspaceId));
    expect(second.workspaceId).not.toBe(first.workspaceId);
  });

  it('keeps interaction_contacts in step, emails unique and search text as the contacts domain builds it', async () => {
    const [row] = await queryRows<Record<string, number>>(
      t.store.db,
      sql`select
        (select count(*)::int from interaction_contacts ic join interactions i
           on i.workspace_id = ic.workspace_id and i.id = ic.interaction_id
         where ic.workspace_id = ${demo.workspaceId}::uuid and ic.occurred_at <> i.occurred_at) as mismatched,
        (select count(*)::int from interaction_contacts ic join interactions i
           on i.workspace_id = ic.workspace_id and i.id = ic.interaction_id
         where ic.workspace_id = ${demo.workspaceId}::uuid and ic.is_touch = (i.kind = 'note')) as notes_as_touch,
        (select count(*)::int from (select lower(email) from contact_emails
           where workspace_id = ${demo.workspaceId}::uuid group by 1 having count(*) > 1) d) as dup_emails,
        (select count(*)::int from contacts c where c.workspace_id = ${demo.workspaceId}::uuid
           and c.search_text <> lower(concat_ws(' ', c.first_name, nullif(c.last_name, ''),
             (select string_agg(e.email, ' ' order by e.position) from contact_emails e
               where e.workspace_id = c.workspace_id and e.contact_id = c.id),
             (select co.name from companies co
               where co.workspace_id = c.workspace_id and co.id = c.company_id)))) as stale_search_text,
        (select count(*)::int from contacts c where c.workspace_id = ${demo.workspaceId}::uuid
           and (cardinality(c.search_words) = 0 or exists (select 1 from unnest(c.search_words) w
             where not exists (select 1 from search_words v
               where v.workspace_id = c.workspace_id and v.word = w)))) as words_missing`,
    );
    expect(row).toEqual({
      mismatched: 0,
      notes_as_touch: 0,
      dup_emails: 0,
      stale_search_text: 0,
      words_missing: 0,
    });
  });
});

describe('seedDemo', () => {
  it('creates about 300 contacts in about 60 companies with two years of history', async () => {
    expect(demo.login).toEqual(DEMO_LOGIN);
    expect(demo.counts.contacts).toBe(300);
    expect(demo.counts.companies).toBeGreaterThanOrEqual(45);
    expect(demo.counts.companies).toBeLessThanOrEqual(75);
    expect(demo.counts.interactions).toBeGreaterThan(2000);
    const [span] = await queryRows<{ oldest: string; newest: string }>(
      t.store.db,
      sql`select min(occurred_at)::date::text as oldest, max(occurred_at)::date::text as newest
          from interactions where workspace_id = ${demo.workspaceId}::uuid`,
    );
    expect(span!.oldest < addDays(TODAY, -600)).toBe(true);
    expect(span!.newest <= TODAY).toBe(true);
    expect(await hasAnyWorkspace(t.store.db)).toBe(true);
  });

  it('has the four tiers and contacts due today, overdue, never contacted, orphaned and snoozed', async () => {
    const tiers = await queryRows<{ name: string; interval_days: number | null; channel: string }>(
      t.store.db,
      sql`select name, interval_days, channel from tiers where workspace_id = ${demo.workspaceId}::uuid order by priority`,
    );
    expect(tiers).toEqual([
      { name: 'A (key)', interval_days: 14, channel: 'call' },
      { name: 'B (active)', interval_days: 42, channel: 'any' },
      { name: 'C (nurture)', interval_days: 90, channel: 'email' },
      { name: 'D (long shot)', interval_days: null, channel: 'newsletter' },
    ]);
    const [c] = await queryRows<Record<string, number>>(
      t.store.db,
      sql`select
        count(*) filter (where next_due_on = ${TODAY}::date and today_on = ${TODAY}::date)::int as due_today,
        count(*) filter (where next_due_on < ${TODAY}::date and today_on <= ${TODAY}::date)::int as overdue,
        count(*) filter (where today_on > ${TODAY}::date)::int as due_later,
        count(*) filter (where due_reason = 'never_contacted')::int as never_contacted,
        count(*) filter (where is_orphan)::int as orphans,
        count(*) filter (where snoozed_until > ${TODAY}::date and today_on >= snoozed_until)::int as snoozed,
        count(*) filter (where do_not_contact and today_on is null)::int as do_not_contact,
        count(*) filter (where birthday is not null and make_date(extract(year from ${TODAY}::date)::int,
          extract(month from birthday)::int, extract(day from birthday)::int)
          between ${TODAY}::date and ${addDays(TODAY, 13)}::date)::int as birthdays_soon
      from contacts where workspace_id = ${demo.workspaceId}::uuid`,
    );
    for (const key of ['due_today', 'overdue', 'due_later', 'never_contacted', 'orphans', 'snoozed']) {
      expect(c![key], key).toBeGreaterThan(0);
    }
    expect(c!.do_not_contact).toBeGreaterThan(0);
    expect(c!.birthdays_soon).toBeGreaterThan(0);
    expect(c!.overdue).toBeLessThan(150);
  });

  it('gives contacts facts to talk about, never the same one twice for a contact', async () => {
    const [row] = await queryRows<{ with_facts: number; repeated: number }>(
      t.store.db,
      sql`select
        (select count(distinct contact_id)::int from facts where workspace_id = ${demo.workspaceId}::uuid) as with_facts,
        (select count(*)::int from (select 1 from facts where workspace_id = ${demo.workspaceId}::uuid
           group by contact_id, text having count(*) > 1) d) as repeated`,
    );
    expect(row!.with_facts).toBeGreaterThan(50);
    expect(row!.repeated).toBe(0);
  });

  it('gives the demo owner most contacts, a member some, and the viewer none', async () => {
    const rows = await queryRows<{ email: string; role: string; owned: number }>(
      t.store.db,
      sql`select u.email, u.role, count(c.id)::int as owned from users u
          left join contacts c on c.workspace_id = u.workspace_id and c.owner_id = u.id
          where u.workspace_id = ${demo.workspaceId}::uuid group by u.email, u.role order by owned desc`,
    );
    expect(rows.map((r) => r.role)).toEqual(['owner', 'member', 'viewer']);
    expect(rows[0]!.email).toBe(DEMO_LOGIN.email);
    expect(rows[0]!.owned).toBeGreaterThan(200);
    expect(rows[2]!.owned).toBe(0);
  });

  it('refuses a second demo workspace with a conflict and writes nothing', async () => {
    const before = await queryRows<{ n: number }>(t.store.db, sql`select count(*)::int as n from workspaces`);
    const error = await seedDemo({ db: t.store.db, now: NOW }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('conflict');
    const after = await queryRows<{ n: number }>(t.store.db, sql`select count(*)::int as n from workspaces`);
    expect(after).toEqual(before);
  });

  it('lets the demo owner sign in through the API', async () => {
    const res = await apiAs(t.app).post('/api/auth/login', DEMO_LOGIN);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ email: DEMO_LOGIN.email, role: 'owner', workspaceName: 'Demo' });
    const wrong = await apiAs(t.app).post('/api/auth/login', { ...DEMO_LOGIN, password: 'nope' });
    expect(wrong.status).toBe(401);
  });
});
