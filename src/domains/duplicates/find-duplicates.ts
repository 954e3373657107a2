import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Db, queryRows } from '../../db/client.ts';
import { decodeCursor, encodeCursor } from '../../shared/pagination.ts';
import { Id } from '../../shared/validators.ts';
import { type ContactRecord, loadContacts } from '../contacts/load-contacts.ts';
import type { DuplicateReason } from './validators.ts';

/** How alike two names at one company must be (pg_trgm similarity, 0 to 1) to be suggested. */
export const NAME_SIMILARITY = 0.6;

/**
 * A phone or email key shared by more contacts than this is a switchboard or a team inbox, not one person:
 * it suggests no pairs (and would suggest them by the thousand).
 */
export const MAX_SHARED_KEY = 5;

/** Phones match on their last digits, so "+44 20 7946 0958" and "020 7946 0958" are one number. */
export const PHONE_DIGITS = 9;

export type DuplicatePair = {
  contacts: [ContactRecord, ContactRecord];
  reason: DuplicateReason;
  reasons: { reason: DuplicateReason; detail: string }[];
  score: number;
};

type PairRow = {
  a: string;
  b: string;
  score: string;
  reasons: { reason: DuplicateReason; detail: string; score: number }[];
};

/** A page's cursor: the last pair's score (as text, exact) and its two ids. */
const PairCursor = z.tuple([z.string().regex(/^\d(\.\d+)?$/), Id, Id]);

/**
 * Candidate pairs, one row per pair (smaller id first), each reason that matched with what matched and its
 * score. Every part is an equality join on a normalised key (hash joins over the workspace), except names,
 * which compare only within one company:
 * - email: the same address once a `+tag` is dropped (the same address exactly cannot be on two contacts);
 * - phone: the same last PHONE_DIGITS digits, numbers of at least 7 digits;
 * (an email or phone key shared by more than MAX_SHARED_KEY contacts suggests nothing);
 * - linkedin: the same profile slug (linkedin.com/in/<slug>), whatever the host, scheme or query;
 * - name: trigram similarity of the full names of two contacts at the same company whose last names start
 *   with the same letter (so a big company compares each name with a few, not with everyone).
 * A pair someone dismissed is left out.
 */
export function candidatePairs(workspaceId: string) {
  const ws = sql`${workspaceId}::uuid`;
  return sql`
    with email_keys as (
      select contact_id as id, regexp_replace(lower(email), '\\+[^@]*@', '@') as key
        from contact_emails where workspace_id = ${ws}
    ), emails as (
      select * from (select e.*, count(*) over (partition by key) as sharing from email_keys e) k
       where sharing between 2 and ${MAX_SHARED_KEY}
    ), phone_keys as (
      select distinct c.id, right(d.digits, ${PHONE_DIGITS}) as key, p->>'number' as number
        from contacts c, jsonb_array_elements(c.phones) p,
             lateral (select regexp_replace(p->>'number', '\\D', '', 'g') as digits) d
       where c.workspace_id = ${ws} and c.phones <> '[]'::jsonb and length(d.digits) >= 7
    ), phones as (
      select * from (select p.*, count(*) over (partition by key) as sharing from phone_keys p) k
       where sharing between 2 and ${MAX_SHARED_KEY}
    ), profiles as (
      select id, substring(lower(linkedin_url) from 'linkedin\\.com/in/([^/?#]+)') as key
        from contacts where workspace_id = ${ws} and linkedin_url is not null
    ), named as (
      select id, company_id, lower(concat_ws(' ', first_name, nullif(last_name, ''))) as name,
             left(lower(last_name), 1) as initial
        from contacts where workspace_id = ${ws} and company_id is not null
    ), matches as (
      select x.id as a, y.id as b, 'email' as reason, x.key as detail, 0.95::numeric as score
        from emails x join emails y on y.key = x.key and y.id > x.id
      union all
      select x.id, y.id, 'phone', x.number, 0.85
        from phones x join phones y on y.key = x.key and y.id > x.id
      union all
      select x.id, y.id, 'linkedin', 'linkedin.com/in/' || x.key, 0.95
        from profiles x join profiles y on y.key = x.key and y.id > x.id
       where x.key is not null
      union all
      select x.id, y.id, 'name', x.name || ' ~ ' || y.name,
             round((0.5 + 0.4 * similarity(x.name, y.name))::numeric, 3)
        from named x join named y
          on y.company_id = x.company_id and y.initial = x.initial and y.id > x.id
       where similarity(x.name, y.name) >= ${NAME_SIMILARITY}
    ), pairs as (
      select a, b,
        -- The best reason's score, and a little more for each other kind of evidence.
        least(0.99, max(score) + 0.02 * (count(distinct reason) - 1)) as score,
        jsonb_agg(distinct jsonb_build_object('reason', reason, 'detail', detail, 'score', score)) as reasons
      from matches m
      where not exists (select 1 from duplicate_dismissals d
        where d.workspace_id = ${ws} and d.contact_a_id = m.a and d.contact_b_id = m.b)
      group by a, b
    )
    select a, b, score::text as score, reasons from pairs`;
}

/**
 * A page of duplicate candidates, most likely first (score, then ids, so pages are stable), each with both
 * contacts and why they look alike. The candidates are computed afresh on each call (docs/benchmarks.md
 * has what that costs at 100k contacts). Call it in a transaction (see the jit setting below).
 */
export async function findDuplicates(options: {
  db: Db;
  workspaceId: string;
  limit: number;
  cursor?: string;
}): Promise<{ pairs: DuplicatePair[]; nextCursor: string | null }> {
  const after = options.cursor ? decodeCursor(options.cursor, PairCursor) : null;
  // The self-joins' row estimates are far too high (PostgreSQL cannot see how few keys repeat), which
  // makes the plan look costly enough for JIT compilation, and that compiling takes longer than the query.
  // SET LOCAL lasts until the caller's transaction ends (the route opens one for this).
  await options.db.execute(sql`set local jit = off`);
  const rows = await queryRows<PairRow>(
    options.db,
    sql`select * from (${candidatePairs(options.workspaceId)}) p
        ${after ? sql`where (p.score::numeric < ${after[0]}::numeric or (p.score::numeric = ${after[0]}::numeric and (p.a, p.b) > (${after[1]}::uuid, ${after[2]}::uuid)))` : sql``}
        order by p.score::numeric desc, p.a, p.b
        limit ${options.limit + 1}`,
  );
  const page = rows.slice(0, options.limit);
  const records = await loadContacts({
    db: options.db,
    workspaceId: options.workspaceId,
    ids: [...new Set(page.flatMap((r) => [r.a, r.b]))],
  });
  const byId = new Map(records.map((r) => [r.id, r]));
  const pairs = page.flatMap((row): DuplicatePair[] => {
    const a = byId.get(row.a);
    const b = byId.get(row.b);
    if (!a || !b) return [];
    const reasons = [...row.reasons].sort((x, y) => y.score - x.score);
    return [
      {
        contacts: [a, b],
        reason: reasons[0]?.reason ?? 'name',
        reasons: reasons.map(({ reason, detail }) => ({ reason, detail })),
        score: Number(row.score),
      },
    ];
  });
  const last = page.at(-1);
  return {
    pairs,
    nextCursor: rows.length > options.limit && last ? encodeCursor([last.score, last.a, last.b]) : null,
  };
}
