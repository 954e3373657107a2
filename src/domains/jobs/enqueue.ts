import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { DEFAULT_MAX_ATTEMPTS, type JobKind } from './define-job.ts';
import { jobs } from './schema.ts';
import { JobKey, parseOption, parsePayload } from './validators.ts';

/** The channel a commit that enqueued work notifies, so a waiting worker wakes at once instead of polling. */
export const JOBS_CHANNEL = 'kith_jobs';

/**
 * An expression that wakes listening workers when the statement's transaction commits (PostgreSQL delivers
 * NOTIFY on commit only, and never after a rollback). In an insert's RETURNING it notifies only when a row
 * went in, in the same statement, so enqueueing outside a transaction is one commit, not two.
 */
export const notifyWorkers = () => sql<string>`pg_notify(${JOBS_CHANNEL}, '')`;

/**
 * Adds a job. Call it inside the transaction of the write that asks for the work, so the job exists only if
 * that write commits (the transactional outbox). The payload is checked with the kind's schema first (a 400
 * naming `payload.x`). With a `key`, enqueueing the same key in the workspace again answers the first job's
 * id, also when two transactions race on PostgreSQL; the first job's payload stays.
 */
export async function enqueueJob<S extends z.ZodType>(options: {
  db: Db;
  workspaceId: string;
  job: JobKind<S>;
  payload: z.input<S>;
  /** Idempotency key, unique in the workspace for good (not only while the job is open). */
  key?: string;
  /** Not before this time (default now). */
  runAt?: Date;
}): Promise<{ id: string; created: boolean }> {
  const { db, workspaceId, job } = options;
  const payload = parsePayload({ schema: job.payload, payload: options.payload, kind: job.kind });
  const key =
    options.key === undefined ? null : parseOption({ schema: JobKey, value: options.key, field: 'key' });
  // No conflict target: a key already taken (or, for a schedule, an open job) inserts nothing, and on
  // PostgreSQL a racing insert of the same key waits for the other transaction and then inserts nothing.
  const [inserted] = await db
    .insert(jobs)
    .values({
      workspaceId,
      kind: job.kind,
      payload,
      key,
      maxAttempts: job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      runAt: options.runAt ?? sql`now()`,
    })
    .onConflictDoNothing()
    .returning({ id: jobs.id, notified: notifyWorkers() });
  if (inserted) return { id: inserted.id, created: true };
  if (key === null) throw new Error(`enqueueJob(${job.kind}) inserted nothing without a key`);
  // Read committed: this statement's snapshot sees the transaction that won the race, which has committed.
  const [existing] = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.workspaceId, workspaceId), eq(jobs.key, key)));
  if (!existing) throw new Error(`enqueueJob(${job.kind}): key ${key} conflicted but no job has it`);
  return { id: existing.id, created: false };
}
