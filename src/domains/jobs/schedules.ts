import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { inTransaction } from '../../db/transaction.ts';
import { DEFAULT_MAX_ATTEMPTS, type JobKind, type JobKinds } from './define-job.ts';
import { notifyWorkers } from './enqueue.ts';
import { jobSchedules, jobs } from './schema.ts';
import { JobKey, parseOption, parsePayload } from './validators.ts';

export type ScheduleRow = typeof jobSchedules.$inferSelect;

/** From 10 ms (for tests) to a year; a daily digest is 86,400,000. */
const IntervalMs = z
  .number()
  .int()
  .min(10)
  .max(366 * 24 * 3_600_000);

/**
 * Runs a job every `intervalMs` in a workspace, first at `firstRunAt` (default now). Scheduling the same
 * `key` again updates that schedule (kind, payload, interval; its next run only when `firstRunAt` is given).
 * Call it inside the transaction of the write that asks for it, as with enqueueJob.
 */
export async function scheduleJob<S extends z.ZodType>(options: {
  db: Db;
  workspaceId: string;
  key: string;
  job: JobKind<S>;
  payload: z.input<S>;
  intervalMs: number;
  firstRunAt?: Date;
}): Promise<ScheduleRow> {
  const { db, job } = options;
  const payload = parsePayload({ schema: job.payload, payload: options.payload, kind: job.kind });
  const values = {
    workspaceId: options.workspaceId,
    key: parseOption({ schema: JobKey, value: options.key, field: 'key' }),
    kind: job.kind,
    payload,
    intervalMs: parseOption({ schema: IntervalMs, value: options.intervalMs, field: 'intervalMs' }),
    nextRunAt: options.firstRunAt ?? sql`now()`,
  };
  const [row] = await db
    .insert(jobSchedules)
    .values(values)
    .onConflictDoUpdate({
      target: [jobSchedules.workspaceId, jobSchedules.key],
      set: {
        kind: values.kind,
        payload: values.payload,
        intervalMs: values.intervalMs,
        nextRunAt: options.firstRunAt ?? sql`${jobSchedules.nextRunAt}`,
        updatedAt: sql`now()`,
      },
    })
    .returning();
  if (!row) throw new Error(`scheduleJob(${job.kind}) stored nothing`);
  // A schedule due now should not wait for the next poll.
  await db.execute(sql`select ${notifyWorkers()}`);
  return row;
}

/** Stops a schedule, and drops its job if one is queued and not yet running; false when there was none. */
export async function unscheduleJob(options: { db: Db; workspaceId: string; key: string }): Promise<boolean> {
  const { db, workspaceId } = options;
  const [removed] = await db
    .delete(jobSchedules)
    .where(and(eq(jobSchedules.workspaceId, workspaceId), eq(jobSchedules.key, options.key)))
    .returning({ id: jobSchedules.id });
  if (!removed) return false;
  await db
    .delete(jobs)
    .where(
      and(eq(jobs.workspaceId, workspaceId), eq(jobs.scheduleId, removed.id), eq(jobs.status, 'queued')),
    );
  return true;
}

/**
 * Runs a schedule's job now, as one of its own runs: a new job unless one of the schedule's jobs is already
 * queued or running, which is answered instead (so a "sync now" never runs beside the scheduled sync of the
 * same mailbox). Answers the job's id, or null when there is no such schedule.
 */
export async function runScheduleNow(options: {
  db: Db;
  workspaceId: string;
  key: string;
  maxAttempts?: number;
}): Promise<string | null> {
  const { db, workspaceId } = options;
  const [schedule] = await db
    .select()
    .from(jobSchedules)
    .where(and(eq(jobSchedules.workspaceId, workspaceId), eq(jobSchedules.key, options.key)));
  if (!schedule) return null;
  // The open job may finish between the insert and the read: then the next insert goes through.
  for (;;) {
    const [added] = await db
      .insert(jobs)
      .values({
        workspaceId,
        kind: schedule.kind,
        payload: schedule.payload,
        scheduleId: schedule.id,
        maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      })
      .onConflictDoNothing()
      .returning({ id: jobs.id, notified: notifyWorkers() });
    if (added) return added.id;
    const [open] = await db
      .select({ id: jobs.id })
      .from(jobs)
      .where(
        and(
          eq(jobs.workspaceId, workspaceId),
          eq(jobs.scheduleId, schedule.id),
          inArray(jobs.status, ['queued', 'running']),
        ),
      );
    if (open) return open.id;
  }
}

/**
 * The runner's scheduler: for each schedule that is due, in one transaction, enqueues its job unless one of
 * the schedule's jobs is still queued or running (a unique index refuses the second), and moves its next run
 * one interval on (from now, if the runner fell behind). Rows another worker is scheduling are skipped
 * (FOR UPDATE SKIP LOCKED), so several workers enqueue each due run once. Returns how many jobs it added.
 */
export async function enqueueDueSchedules(options: {
  db: Db;
  kinds: JobKinds;
  limit?: number;
}): Promise<number> {
  const kinds = [...options.kinds.keys()];
  if (kinds.length === 0) return 0;
  return inTransaction(options.db, async (tx) => {
    const due = await tx
      .select()
      .from(jobSchedules)
      .where(and(lte(jobSchedules.nextRunAt, sql`now()`), inArray(jobSchedules.kind, kinds)))
      .orderBy(asc(jobSchedules.nextRunAt))
      .limit(options.limit ?? 50)
      .for('update', { skipLocked: true });
    let added = 0;
    for (const schedule of due) {
      const kind = options.kinds.get(schedule.kind);
      const inserted = await tx
        .insert(jobs)
        .values({
          workspaceId: schedule.workspaceId,
          kind: schedule.kind,
          payload: schedule.payload,
          scheduleId: schedule.id,
          maxAttempts: kind?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        })
        .onConflictDoNothing()
        .returning({ id: jobs.id, notified: notifyWorkers() });
      added += inserted.length;
      const next = sql`${jobSchedules.nextRunAt} + ${schedule.intervalMs} * interval '1 millisecond'`;
      const later = sql`now() + ${schedule.intervalMs} * interval '1 millisecond'`;
      await tx
        .update(jobSchedules)
        .set({
          nextRunAt: sql`case when ${next} > now() then ${next} else ${later} end`,
          lastEnqueuedAt: inserted.length > 0 ? sql`now()` : undefined,
          updatedAt: sql`now()`,
        })
        .where(and(eq(jobSchedules.workspaceId, schedule.workspaceId), eq(jobSchedules.id, schedule.id)));
    }
    return added;
  });
}
