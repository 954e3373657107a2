import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { queryRows } from '../../db/client.ts';
import type { JobStatus } from './schema.ts';

export type JobStats = {
  /** Open and failed jobs by kind and status (done jobs are history, not queue). */
  counts: { kind: string; status: JobStatus; count: number }[];
  /** Seconds the oldest due queued job has waited (0 when none waits). */
  oldestQueuedSeconds: number;
};

/**
 * The queue across every workspace, for the operator's metrics: like the claim and the scheduler, not scoped
 * to a workspace, since a deployment's workers serve them all. Reads only open and failed jobs (partial
 * indexes), never the history of done ones.
 */
export async function readJobStats(options: { db: Db }): Promise<JobStats> {
  const rows = await queryRows<{ kind: string; status: JobStatus; count: number; oldest: number | null }>(
    options.db,
    // Two parts, each matching one partial index (a single `status in (…three…)` read the whole table).
    sql`select kind, status, count(*)::int as count,
          extract(epoch from now() - min(run_at) filter (where status = 'queued' and run_at <= now()))::float8
            as oldest
        from jobs where status in ('queued', 'running') group by kind, status
        union all
        select kind, 'failed', count(*)::int, null from jobs where status = 'failed' group by kind`,
  );
  return {
    counts: rows.map(({ kind, status, count }) => ({ kind, status, count })),
    oldestQueuedSeconds: Math.max(0, ...rows.map((r) => r.oldest ?? 0)),
  };
}
