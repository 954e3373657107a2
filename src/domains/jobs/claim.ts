import { and, asc, eq, inArray, lte, notInArray, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Progress } from './define-job.ts';
import { jobs } from './schema.ts';

// The job's state changes, each one statement. Every change after the claim is fenced by the lease: it
// applies only while the row is still running under the same worker and attempt, so a worker that lost its
// lease (it stalled past locked_until and another worker took the job) can no longer write the outcome.

export type JobRow = typeof jobs.$inferSelect;

/** Which attempt of which job a worker holds: the fence every later write checks. */
export type Lease = { workspaceId: string; id: string; lockedBy: string; attempts: number };

const MAX_ERROR_LENGTH = 2000;
const ms = (value: number) => sql`(now() + ${Math.max(0, Math.round(value))} * interval '1 millisecond')`;

/** The lease of a job row as claimed. */
export function leaseOf(row: JobRow): Lease {
  return { workspaceId: row.workspaceId, id: row.id, lockedBy: row.lockedBy ?? '', attempts: row.attempts };
}

function held(lease: Lease): SQL | undefined {
  return and(
    eq(jobs.workspaceId, lease.workspaceId),
    eq(jobs.id, lease.id),
    eq(jobs.status, 'running'),
    eq(jobs.lockedBy, lease.lockedBy),
    eq(jobs.attempts, lease.attempts),
  );
}

/**
 * Claims one job that is due (queued and past run_at, or running with an expired lease: its worker died),
 * oldest first, skipping rows another worker is claiming (FOR UPDATE SKIP LOCKED), and leases it to
 * `workerId` for `leaseMs`. Every workspace's jobs, or only the job `only` names.
 *
 * A worker passes the jobs it is running as `running`: on PGlite one long transaction holds the only
 * connection, so a job's heartbeat can wait past its lease, and the same worker must not then take its own
 * job a second time.
 */
export async function claimJob(options: {
  db: Db;
  workerId: string;
  kinds: string[];
  leaseMs: number;
  only?: { workspaceId: string; id: string };
  /** Jobs this worker is running: never claimed again by it, even once their lease has run out. */
  running?: string[];
}): Promise<JobRow | null> {
  const { db, only } = options;
  if (options.kinds.length === 0) return null;
  const isDue = and(
    inArray(jobs.status, ['queued', 'running']),
    or(
      and(eq(jobs.status, 'queued'), lte(jobs.runAt, sql`now()`)),
      and(eq(jobs.status, 'running'), lte(jobs.lockedUntil, sql`now()`)),
    ),
  );
  const due = db
    .select({ workspaceId: jobs.workspaceId, id: jobs.id })
    .from(jobs)
    .where(
      and(
        isDue,
        inArray(jobs.kind, options.kinds),
        options.running?.length ? notInArray(jobs.id, options.running) : undefined,
        only ? and(eq(jobs.workspaceId, only.workspaceId), eq(jobs.id, only.id)) : undefined,
      ),
    )
    .orderBy(asc(jobs.runAt))
    .limit(1)
    .for('update', { skipLocked: true });
  // A row subquery (`= (select … limit 1)`) runs once, so the statement claims at most the one row it locked.
  // The lock is what keeps two workers apart; isDue again outside is a second check on the row as updated.
  const [row] = await db
    .update(jobs)
    .set({
      status: 'running',
      attempts: sql`${jobs.attempts} + 1`,
      lockedBy: options.workerId,
      lockedUntil: ms(options.leaseMs),
      startedAt: sql`coalesce(${jobs.startedAt}, now())`,
      lastError: sql`case when ${jobs.status} = 'running'
        then 'Attempt ' || ${jobs.attempts} || ' stopped without finishing: its worker went away (lease expired)'
        else ${jobs.lastError} end`,
      updatedAt: sql`now()`,
    })
    .where(and(sql`(${jobs.workspaceId}, ${jobs.id}) = (${due})`, isDue))
    .returning();
  return row ?? null;
}

/** Extends the lease while the handler runs; false when the worker no longer holds the job. */
export async function renewLease(options: { db: Db; lease: Lease; leaseMs: number }): Promise<boolean> {
  const rows = await options.db
    .update(jobs)
    .set({ lockedUntil: ms(options.leaseMs) })
    .where(held(options.lease))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/** Stores the handler's progress on the job row. */
export async function saveProgress(options: { db: Db; lease: Lease; progress: Progress }): Promise<void> {
  await options.db.update(jobs).set(progressColumns(options.progress)).where(held(options.lease));
}

function progressColumns(progress: Progress | null) {
  if (!progress) return {};
  return { processed: progress.processed, total: progress.total ?? null, updatedAt: sql`now()` };
}

/** Marks the job done. False when the lease was lost (another worker has the job now). */
export async function completeJob(options: {
  db: Db;
  lease: Lease;
  progress: Progress | null;
}): Promise<boolean> {
  const rows = await options.db
    .update(jobs)
    .set({
      ...progressColumns(options.progress),
      status: 'done',
      lockedBy: null,
      lockedUntil: null,
      lastError: null,
      finishedAt: sql`now()`,
      updatedAt: sql`now()`,
    })
    .where(held(options.lease))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/**
 * Records a failed attempt: queued again after `retryInMs`, or, when null (no attempts left, or an error no
 * retry can fix), failed for good. The error message stays on the row for the user.
 */
export async function failAttempt(options: {
  db: Db;
  lease: Lease;
  error: string;
  retryInMs: number | null;
  progress: Progress | null;
}): Promise<boolean> {
  const isFinal = options.retryInMs === null;
  const rows = await options.db
    .update(jobs)
    .set({
      ...progressColumns(options.progress),
      status: isFinal ? 'failed' : 'queued',
      runAt: isFinal ? undefined : ms(options.retryInMs ?? 0),
      lockedBy: null,
      lockedUntil: null,
      lastError: options.error.slice(0, MAX_ERROR_LENGTH),
      finishedAt: isFinal ? sql`now()` : undefined,
      updatedAt: sql`now()`,
    })
    .where(held(options.lease))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/** Hands a job back unfinished (the worker is stopping): queued again at once, this attempt not counted. */
export async function releaseJob(options: { db: Db; lease: Lease }): Promise<boolean> {
  const rows = await options.db
    .update(jobs)
    .set({
      status: 'queued',
      attempts: sql`${jobs.attempts} - 1`,
      runAt: sql`now()`,
      lockedBy: null,
      lockedUntil: null,
      updatedAt: sql`now()`,
    })
    .where(held(options.lease))
    .returning({ id: jobs.id });
  return rows.length > 0;
}
