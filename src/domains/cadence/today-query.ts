import { fillPlaceholders, type Query, type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { NEWEST_FACTS, remindWindow } from '../facts/talking-points.ts';
import { openLeadAttempts } from './attempts.ts';

export type TodayQueryOptions = {
  workspaceId: string;
  asOf: string;
  /** A user's id, or null for the whole workspace. */
  ownerId: string | null;
  /** Who reads: other people's private facts are not talking points. */
  viewerId: string;
  limit: number;
  /** The last row of the previous page: [score, readiness, id]. */
  after?: [number, number, string] | null;
};

/** Contacts without a tier weigh like the least important tier. */
export const DEFAULT_PRIORITY = 5;
/** Overdue ratio reference for a contact due only by a next step (it has no interval). */
export const DEFAULT_REFERENCE_DAYS = 14;

/** The statement's placeholders, by name. */
type TodayValues = {
  workspaceId: string;
  ownerId: string | null;
  viewerId: string;
  asOf: string;
  limit: number;
  remindFrom: string;
  remindTo: string;
  afterScore: number | undefined;
  afterReadiness: number | undefined;
  afterId: string | undefined;
};
const value = (name: keyof TodayValues) => sql.placeholder(name);

/** What decides the statement's text. Everything else is a value bound to a placeholder. */
type TodayShape = { forOwner: boolean; afterCursor: boolean };

const dialect = new PgDialect();
/** Built statements by shape: at most 2 × 2. */
const built = new Map<string, Query>();

/**
 * Today's statement for these options, ready to run: its text, built once per shape (one owner or all, first
 * page or after a cursor) and reused, and its values. Building the statement
 * from its parts took about 0.25 ms of each Today request (measured in one server taking the two ways in
 * turns). Exported so the benchmark can time the same statement raw.
 */
export function todayQuery(options: TodayQueryOptions): Query {
  const shape: TodayShape = {
    forOwner: options.ownerId !== null,
    afterCursor: Boolean(options.after),
  };
  const key = `${shape.forOwner}:${shape.afterCursor}`;
  let statement = built.get(key);
  if (!statement) {
    statement = dialect.sqlToQuery(todayStatement(shape));
    built.set(key, statement);
  }
  const [remindFrom, remindTo] = remindWindow(options.asOf);
  const [afterScore, afterReadiness, afterId] = options.after ?? [];
  const values: TodayValues = {
    workspaceId: options.workspaceId,
    ownerId: options.ownerId,
    viewerId: options.viewerId,
    asOf: options.asOf,
    limit: options.limit,
    remindFrom,
    remindTo,
    afterScore,
    afterReadiness,
    afterId,
  };
  return { sql: statement.sql, params: fillPlaceholders(statement.params, values) };
}

/**
 * A due contact's score (docs/due-engine.md, "Ranking"): strictly higher the later the contact is, which the
 * per-tier index scans below rely on, yet bounded (below 4 × the weight). One expression, so the page's score
 * and a cursor's comparison are computed alike, to the last bit.
 */
function rankScore(weight: SQL, overdueDays: SQL, referenceDays: SQL): SQL {
  return sql`(${weight} * (1 + 3 * ${overdueDays}::float8 / (${overdueDays} + ${referenceDays})))`;
}

/**
 * The ranked due list, its counts, and each row's last touch and next step, as ONE SQL statement, with its
 * values as placeholders (see todayQuery). The score is documented in docs/due-engine.md:
 *
 *   score = priorityWeight × (1 + 3 × overdueDays / (overdueDays + referenceDays))
 *   priorityWeight = 6 − tier priority (1..5; no tier counts as priority 5)
 *   referenceDays  = the contact's interval, else its tier's, else 14
 *
 * so within a tier a more overdue contact ranks higher, and at the same overdue ratio a more
 * important tier ranks higher. The lateness term saturates smoothly below 3 (a contact one interval late
 * gets 1.5, three intervals 2.25), so a contact years overdue without a tier (weight 1, score below 4)
 * never outranks a key account that is due (weight 5). Readiness breaks ties, then the id keeps the
 * order total.
 *
 * Why it is fast with thousands of due contacts: for contacts that follow their tier's interval, the
 * weight and reference are the tier's, so the score falls strictly as next_due_on rises. Each tier's
 * rows in (next_due_on, readiness desc, id) order are therefore already in rank order, and the page
 * can only hold a tier's first `limit` rows after the cursor. The query reads just those from the
 * contacts_today_rank indexes (one short index scan per tier), adds every due contact with its own
 * interval (rare), scores that small set and sorts it. Nothing reads interactions to decide who is due.
 *
 * The counts come from today_counts (contacts per owner and day, kept by triggers): a contact is due
 * when its today_on <= asOf, and overdue unless its next_due_on is asOf itself, which (since
 * today_on >= next_due_on) only a contact whose today_on is asOf can have.
 *
 * Each row also carries its talking-point candidates (timely facts and the newest few), and for an open
 * lead its stored attempt count (attempts.ts), so the page needs no second statement.
 *
 * The statement always returns at least one row: the counts ride on every row, and when the page is
 * empty a single row carries them with a null id.
 */
function todayStatement(shape: TodayShape): SQL {
  const ws = sql`${value('workspaceId')}::uuid`;
  const ownerId = sql`${value('ownerId')}::uuid`;
  const owner = shape.forOwner ? sql`and c.owner_id = ${ownerId}` : sql``;
  const countsOwner = shape.forOwner ? sql`and k.owner_key = ${ownerId}` : sql``;
  const asOf = sql`${value('asOf')}::date`;
  const limit = value('limit');
  const [remindFrom, remindTo] = [value('remindFrom'), value('remindTo')];
  const score = (weight: SQL, reference: SQL) => rankScore(weight, sql`(${asOf} - c.next_due_on)`, reference);
  const afterCursor = (weight: SQL, reference: SQL) => {
    if (!shape.afterCursor) return sql``;
    const [s, readiness, id] = [value('afterScore'), value('afterReadiness'), value('afterId')];
    const rowScore = score(weight, reference);
    return sql`and (${rowScore} < ${s}::float8 or (${rowScore} = ${s}::float8 and (c.readiness < ${readiness}
      or (c.readiness = ${readiness} and c.id > ${id}::uuid))))`;
  };
  const tierWeight = sql`(6 - g.priority)`;
  const tierReference = sql`g.reference_days`;
  const noTierWeight = sql`${6 - DEFAULT_PRIORITY}`;
  const noTierReference = sql`${DEFAULT_REFERENCE_DAYS}`;
  const ownWeight = sql`(6 - coalesce(t.priority, ${DEFAULT_PRIORITY}))`;
  const ownReference = sql`c.interval_days`;
  const followsTier = sql`c.workspace_id = ${ws} ${owner} and c.today_on is not null and c.today_on <= ${asOf}
    and c.interval_days is null`;
  return sql`
    with g as (
      select t.id, t.priority, coalesce(t.interval_days, ${DEFAULT_REFERENCE_DAYS}) as reference_days
      from tiers t where t.workspace_id = ${ws}
    ),
    candidates as (
      select x.* from g cross join lateral (
        select c.id, c.next_due_on, c.readiness, c.tier_id,
          ${tierWeight} as priority_weight, ${tierReference} as reference_days
        from contacts c
        where ${followsTier} and c.tier_id = g.id ${afterCursor(tierWeight, tierReference)}
        order by c.next_due_on, c.readiness desc nulls last, c.id
        limit ${limit}
      ) x
      union all
      (select c.id, c.next_due_on, c.readiness, c.tier_id,
          ${noTierWeight} as priority_weight, ${noTierReference} as reference_days
        from contacts c
        where ${followsTier} and c.tier_id is null ${afterCursor(noTierWeight, noTierReference)}
        -- tier_id is null on every row here; naming it lets the planner use the index order (it does not
        -- treat "is null" as fixing the column) instead of sorting the branch.
        order by c.tier_id, c.next_due_on, c.readiness desc nulls last, c.id
        limit ${limit})
      union all
      select c.id, c.next_due_on, c.readiness, c.tier_id,
        ${ownWeight} as priority_weight, ${ownReference} as reference_days
      from contacts c
      left join tiers t on t.workspace_id = c.workspace_id and t.id = c.tier_id
      where c.workspace_id = ${ws} ${owner} and c.today_on is not null and c.today_on <= ${asOf}
        and c.interval_days is not null ${afterCursor(ownWeight, ownReference)}
    ),
    page as (
      select candidates.*,
        (${asOf} - next_due_on) as overdue_days,
        (${asOf} - next_due_on)::float8 / reference_days as overdue_ratio,
        ${rankScore(sql`priority_weight`, sql`(${asOf} - next_due_on)`, sql`reference_days`)} as score
      from candidates
      order by score desc, readiness desc, id asc
      limit ${limit}
    ),
    counts as (
      select coalesce(sum(k.contacts), 0)::int as due_count,
        (coalesce(sum(k.contacts), 0) - coalesce(sum(k.due_that_day) filter (where k.today_on = ${asOf}), 0))::int
          as overdue_count,
        (select count(*)::int from contacts c where c.workspace_id = ${ws} ${owner} and c.is_orphan) as orphan_count
      from today_counts k
      where k.workspace_id = ${ws} ${countsOwner} and k.today_on <= ${asOf}
    )
    select counts.*, page.id, page.next_due_on::text as due_on, page.tier_id, page.readiness,
      page.overdue_days, page.priority_weight, page.reference_days, page.overdue_ratio, page.score,
      c.first_name, c.last_name, c.company_id, c.due_reason, c.birthday::text as birthday,
      coalesce(c.interval_days, t.interval_days) as interval_days,
      t.name as tier_name, t.priority as tier_priority, t.channel as tier_channel, co.name as company_name,
      c.owner_id, u.name as owner_name, c.phones -> 0 ->> 'number' as phone,
      (select e.email from contact_emails e where e.workspace_id = ${ws} and e.contact_id = page.id
        order by e.position limit 1) as email,
      touch.kind as touch_kind, touch.occurred_at as touch_at, touch.summary as touch_summary,
      step.id as step_id, step.action as step_action, step.due_on::text as step_due_on,
      coalesce(tp.facts, '[]'::json) as facts,
      ${openLeadAttempts('c')} as attempts
    from counts
    left join page on true
    left join contacts c on c.workspace_id = ${ws} and c.id = page.id
    left join tiers t on t.workspace_id = ${ws} and t.id = page.tier_id
    left join companies co on co.workspace_id = ${ws} and co.id = c.company_id
    left join users u on u.workspace_id = ${ws} and u.id = c.owner_id
    left join lateral (
      select last.occurred_at, i.kind, i.summary
      from (
        select ic.interaction_id, ic.occurred_at from interaction_contacts ic
        where ic.workspace_id = ${ws} and ic.contact_id = page.id and ic.is_touch
        order by ic.occurred_at desc nulls last limit 1 -- as the index orders it (occurred_at is never null)
      ) last
      join interactions i on i.workspace_id = ${ws} and i.id = last.interaction_id
    ) touch on true
    left join lateral (
      select s.id, s.action, s.due_on from next_steps s
      where s.workspace_id = ${ws} and s.contact_id = page.id and s.done_at is null
      order by s.due_on, s.created_at limit 1
    ) step on true
    left join lateral (
      select json_agg(json_build_object('id', f.id, 'text', f.text, 'remindOn', f.remind_on::text,
        'isTimely', f.is_timely, 'rank', f.rank)) as facts
      from (
        select f.id, f.text, f.remind_on, row_number() over (order by f.created_at desc, f.id desc) as rank,
          coalesce(f.remind_on between ${remindFrom}::date and ${remindTo}::date, false) as is_timely
        from facts f where f.workspace_id = ${ws} and f.contact_id = page.id
          and (not f.is_private or f.created_by = ${value('viewerId')}::uuid)
      ) f
      where f.is_timely or f.rank <= ${NEWEST_FACTS}
    ) tp on true
    order by page.score desc, page.readiness desc, page.id asc
  `;
}
