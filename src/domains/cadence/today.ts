import { z } from 'zod';
import { type Db, queryBuiltRows } from '../../db/client.ts';
import { decodeCursor, encodeCursor } from '../../shared/pagination.ts';
import { Id } from '../../shared/validators.ts';
import { chooseTalkingPoints, type FactCandidate } from '../facts/talking-points.ts';
import type { InteractionKind } from '../interactions/schema.ts';
import { type CredentialGate, settleGate } from '../workspaces/credential-gate.ts';
import { todayQuery } from './today-query.ts';
import type { TodayItem, TodayOutput } from './today-validators.ts';

/** One row of todayQuery: the counts, and (unless the page is empty) one due contact. */
type Row = {
  due_count: number;
  overdue_count: number;
  orphan_count: number;
  id: string | null;
  first_name: string;
  last_name: string;
  company_id: string | null;
  company_name: string | null;
  tier_id: string | null;
  tier_name: string | null;
  tier_priority: number | null;
  interval_days: number | null;
  due_on: string;
  due_reason: TodayItem['reason'];
  readiness: number;
  birthday: string | null;
  overdue_days: number;
  priority_weight: number;
  reference_days: number;
  overdue_ratio: number;
  score: number;
  touch_kind: InteractionKind | null;
  touch_at: Date | string | null;
  touch_summary: string | null;
  step_id: string | null;
  step_action: string | null;
  step_due_on: string | null;
  facts: FactCandidate[];
  /** Only with a gate: the caller's token. */
  caller_token_id?: string | null;
  caller_last_used_at?: Date | string | null;
};

/** A Today page's cursor: the last row's score, readiness (a smallint) and id. */
const TodayCursor = z.tuple([z.number(), z.number().int().min(-32768).max(32767), Id]);

const FORMULA = 'priorityWeight × (1 + overdueDays / referenceDays)';

/**
 * One Today item. It is built as one object literal, talking points included: built by spreading another
 * object ({ ...present(r), talkingPoints }), V8 promoted every item to the old generation (about 600 KB per
 * scavenge in a loop of findToday), which then cost full collections.
 */
function present(r: Row & { id: string }, talkingPoints: TodayItem['talkingPoints']): TodayItem {
  return {
    contact: {
      id: r.id,
      name: `${r.first_name} ${r.last_name}`.trim(),
      company: r.company_id && r.company_name ? { id: r.company_id, name: r.company_name } : null,
    },
    tier:
      r.tier_id && r.tier_name
        ? { id: r.tier_id, name: r.tier_name, priority: Number(r.tier_priority) }
        : null,
    intervalDays: r.interval_days === null ? null : Number(r.interval_days),
    dueAt: r.due_on,
    overdueDays: Number(r.overdue_days),
    reason: r.due_reason,
    lastTouch:
      r.touch_kind && r.touch_at
        ? { kind: r.touch_kind, at: new Date(r.touch_at).toISOString(), summary: r.touch_summary ?? '' }
        : null,
    nextStep:
      r.step_id && r.step_action && r.step_due_on
        ? { id: r.step_id, action: r.step_action, dueAt: r.step_due_on }
        : null,
    score: Number(r.score),
    scoreParts: {
      priorityWeight: Number(r.priority_weight),
      overdueDays: Number(r.overdue_days),
      referenceDays: Number(r.reference_days),
      overdueRatio: Number(r.overdue_ratio),
      readiness: Number(r.readiness),
      formula: FORMULA,
    },
    talkingPoints,
  };
}

/**
 * The ranked Today list for one owner (or everyone) on a date, with counts and talking points, in one
 * statement (todayQuery). Computing it for a future date plans
 * ahead: the stored due dates make any asOf a range scan.
 */
export async function findToday(options: {
  db: Db;
  workspaceId: string;
  asOf: string;
  ownerId: string | null;
  limit: number;
  cursor?: string;
  /** The caller's credential, to check in the same statement (see CredentialGate); a 401 when not valid. */
  gate?: CredentialGate;
}): Promise<TodayOutput> {
  const { db, workspaceId, asOf, ownerId, gate } = options;
  const after = options.cursor ? decodeCursor(options.cursor, TodayCursor) : null;
  const rows = await queryBuiltRows<Row>(
    db,
    todayQuery({ workspaceId, asOf, ownerId, limit: options.limit + 1, after, gate }),
  );
  const first = rows[0];
  if (gate) settleGate(gate, first);
  const counts = {
    due: Number(first?.due_count ?? 0),
    overdue: Number(first?.overdue_count ?? 0),
    orphans: Number(first?.orphan_count ?? 0),
  };
  const page = rows.filter((r): r is Row & { id: string } => r.id !== null).slice(0, options.limit);
  const items = page.map((r) =>
    present(r, chooseTalkingPoints({ candidates: r.facts, birthday: r.birthday, asOf })),
  );
  const last = page.at(-1);
  const hasMore = rows.filter((r) => r.id !== null).length > options.limit;
  const nextCursor =
    hasMore && last ? encodeCursor([Number(last.score), Number(last.readiness), last.id]) : null;
  return { asOf, items, counts, nextCursor };
}
