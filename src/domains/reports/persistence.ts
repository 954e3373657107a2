import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { GOAL, OPEN_STAGES, openLeadAttempts } from '../cadence/attempts.ts';

/** The cadence of a lead without a tier or an interval of its own, to say when it stalled. */
const DEFAULT_INTERVAL_DAYS = 30;

type LeadRow = {
  id: string;
  name: string;
  owner_id: string | null;
  owner_name: string | null;
  attempts: number;
  /** Every outbound attempt since it became an open lead. */
  total_attempts: number;
  /** Outbound attempts before its first answer; null when it never answered. */
  answered_after: number | null;
  last_attempt_at: Date | null;
  stalled: boolean;
};

/**
 * Every open lead's attempts: outbound touches and attempts (a call that did not connect counts) since its
 * last inbound answer, or since it became an open lead; the attempts it took before it first answered; and
 * whether it stalled: fewer than five attempts, no answer, and no attempt in twice its cadence.
 */
export async function leadAttempts(options: {
  db: Db;
  workspaceId: string;
  ownerId: string | null;
  since?: string;
  now?: Date;
}): Promise<LeadRow[]> {
  const ws = sql`${options.workspaceId}::uuid`;
  const now = (options.now ?? new Date()).toISOString();
  return queryRows<LeadRow>(
    options.db,
    sql`with leads as (
          select c.id, trim(c.first_name || ' ' || c.last_name) as name, c.owner_id,
            coalesce(c.lead_since, c.created_at) as lead_since, c.attempts,
            coalesce(c.interval_days, t.interval_days, ${DEFAULT_INTERVAL_DAYS}) as interval_days
          from contacts c left join tiers t on t.workspace_id = c.workspace_id and t.id = c.tier_id
          where c.workspace_id = ${ws} and not c.archived
            and c.stage = any(${sql.param(OPEN_STAGES)}::text[])
            ${options.ownerId ? sql`and c.owner_id = ${options.ownerId}::uuid` : sql``}
            ${options.since ? sql`and coalesce(c.lead_since, c.created_at) >= ${options.since}::date` : sql``}
        ),
        acts as (
          select l.id, ic.occurred_at, i.direction,
            (i.direction = 'out' and i.touch_class in ('touch', 'attempt')) as is_attempt,
            (i.direction = 'in' and i.touch_class = 'touch') as is_answer
          from leads l
          join interaction_contacts ic on ic.workspace_id = ${ws} and ic.contact_id = l.id
          join interactions i on i.workspace_id = ic.workspace_id and i.id = ic.interaction_id
        ),
        per as (
          select l.id,
            min(a.occurred_at) filter (where a.is_answer and a.occurred_at >= l.lead_since) as first_answer,
            max(a.occurred_at) filter (where a.is_attempt) as last_attempt_at
          from leads l left join acts a on a.id = l.id group by l.id
        )
        select l.id, l.name, l.owner_id, u.name as owner_name,
          l.attempts,
          case when p.first_answer is null then null else
            (select count(*) from acts a where a.id = l.id and a.is_attempt
              and a.occurred_at < p.first_answer)::int end as answered_after,
          (select count(*) from acts a where a.id = l.id and a.is_attempt and a.occurred_at >= l.lead_since)::int
            as total_attempts,
          p.last_attempt_at,
          (p.first_answer is null
            and (select count(*) from acts a where a.id = l.id and a.is_attempt) < ${GOAL}
            and coalesce(p.last_attempt_at, l.lead_since)
              < ${now}::timestamptz - make_interval(days => 2 * l.interval_days)) as stalled
        from leads l join per p on p.id = l.id
        left join users u on u.workspace_id = ${ws} and u.id = l.owner_id
        order by l.id`,
  );
}

const share = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 1000);

/**
 * The persistence report: how many open leads have had 0 to 5+ attempts, the share never followed up, the
 * share that reached a fifth attempt, on which attempt people answered (of the leads that got that far, the
 * share that answered after exactly that many), and per owner the leads that stalled.
 */
export async function persistenceReport(options: Parameters<typeof leadAttempts>[0]) {
  const rows = await leadAttempts(options);
  const bucket = (n: number) => (n >= GOAL ? '5+' : String(n));
  const attempts: Record<string, number> = { '0': 0, '1': 0, '2': 0, '3': 0, '4': 0, '5+': 0 };
  for (const r of rows) attempts[bucket(r.attempts)]! += 1;
  // How far each lead got: the attempts before its first answer, else all of them.
  const reached = (n: number) => rows.filter((r) => (r.answered_after ?? r.total_attempts) >= n).length;
  const repliedByAttempt = [1, 2, 3, 4, 5].map((n) => {
    const replies = rows.filter(
      (r) => r.answered_after !== null && (n === GOAL ? r.answered_after >= n : r.answered_after === n),
    ).length;
    return { attempt: n === GOAL ? '5+' : String(n), replies, share: share(replies, reached(n)) };
  });
  const owners = new Map<string, { ownerId: string | null; ownerName: string | null; stalled: LeadRow[] }>();
  for (const r of rows.filter((x) => x.stalled)) {
    const key = r.owner_id ?? 'none';
    const entry = owners.get(key) ?? { ownerId: r.owner_id, ownerName: r.owner_name, stalled: [] };
    entry.stalled.push(r);
    owners.set(key, entry);
  }
  return {
    leads: rows.length,
    attempts,
    neverFollowedUp: share(attempts['0']!, rows.length),
    reachedFifth: share(rows.filter((r) => r.total_attempts >= GOAL).length, rows.length),
    repliedByAttempt,
    stalled: [...owners.values()]
      .sort((a, b) => b.stalled.length - a.stalled.length)
      .map((o) => ({
        ownerId: o.ownerId,
        ownerName: o.ownerName,
        count: o.stalled.length,
        leads: o.stalled.slice(0, 50).map((r) => ({
          id: r.id,
          name: r.name,
          attempts: r.attempts,
          lastAttemptAt: r.last_attempt_at ? new Date(r.last_attempt_at).toISOString() : null,
        })),
      })),
  };
}

/**
 * An open lead's attempts since it last answered (stored with its due state), or null for a contact that is
 * not an open lead or is archived, as the report leaves those out.
 */
export async function attemptsOf(options: { db: Db; workspaceId: string; contactId: string }) {
  const [row] = await queryRows<{ attempts: number | null }>(
    options.db,
    sql`select case when not c.archived then ${openLeadAttempts('c')} end as attempts from contacts c
        where c.workspace_id = ${options.workspaceId}::uuid and c.id = ${options.contactId}::uuid`,
  );
  return row?.attempts ?? null;
}
