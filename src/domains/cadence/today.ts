import { z } from 'zod';
import { type Db, queryBuiltRows } from '../../db/client.ts';
import { decodeCursor, encodeCursor } from '../../shared/pagination.ts';
import { Id } from '../../shared/validators.ts';
import type { DueReason } from '../contacts/schema.ts';
import { chooseTalkingPoints, type FactCandidate, type TalkingPoint } from '../facts/talking-points.ts';
import type { InteractionKind } from '../interactions/schema.ts';
import type { Channel } from './schema.ts';
import { todayQuery } from './today-query.ts';

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
  tier_channel: Channel | null;
  owner_id: string | null;
  owner_name: string | null;
  phone: string | null;
  email: string | null;
  interval_days: number | null;
  due_on: string;
  due_reason: DueReason;
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
  /** An open lead's attempts since it last answered; null for any other stage. */
  attempts: number | null;
};

/** A due contact as Today ranks it, with what to bring up. */
export type TodayRow = Row & { id: string; talkingPoints: TalkingPoint[] };

/** One page of Today: the ranked rows, the counts, and the cursor of the next page. */
export type TodayPage = {
  asOf: string;
  rows: TodayRow[];
  counts: { due: number; overdue: number; orphans: number };
  nextCursor: string | null;
};

/** A Today page's cursor: the last row's score, readiness (a smallint) and id. */
const TodayCursor = z.tuple([z.number(), z.number().int().min(-32768).max(32767), Id]);

/**
 * The ranked Today list for one owner (or everyone) on a date, with counts and talking points, in one
 * statement (todayQuery). Computing it for a future date plans ahead: the stored due dates make any asOf a
 * range scan.
 */
export async function findToday(options: {
  db: Db;
  workspaceId: string;
  asOf: string;
  ownerId: string | null;
  /** Who reads: other people's private facts are left out of the talking points. */
  actorId: string;
  limit: number;
  cursor?: string;
}): Promise<TodayPage> {
  const { db, workspaceId, asOf, ownerId } = options;
  const after = options.cursor ? decodeCursor(options.cursor, TodayCursor) : null;
  const rows = await queryBuiltRows<Row>(
    db,
    todayQuery({ workspaceId, asOf, ownerId, viewerId: options.actorId, limit: options.limit + 1, after }),
  );
  const first = rows[0];
  const counts = {
    due: Number(first?.due_count ?? 0),
    overdue: Number(first?.overdue_count ?? 0),
    orphans: Number(first?.orphan_count ?? 0),
  };
  const found = rows.filter((r): r is Row & { id: string } => r.id !== null);
  const page = found.slice(0, options.limit);
  const last = page.at(-1);
  const nextCursor =
    found.length > options.limit && last
      ? encodeCursor([Number(last.score), Number(last.readiness), last.id])
      : null;
  const ranked = page.map(
    (r): TodayRow =>
      Object.assign(r, {
        talkingPoints: chooseTalkingPoints({ candidates: r.facts, birthday: r.birthday, asOf }),
      }),
  );
  return { asOf, rows: ranked, counts, nextCursor };
}
