import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { idColumn, timestamps, workspaceIdColumn } from '../../db/columns.ts';
import { workspaces } from '../workspaces/schema.ts';

export const JOB_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Background work, claimed by workers with FOR UPDATE SKIP LOCKED (see runner.ts). A job is `queued` until
 * `run_at`, `running` while a worker holds its lease (`locked_until`, renewed by a heartbeat), then `done`
 * or, after `max_attempts` failed attempts, `failed` with `last_error`. A running job whose lease has expired
 * (its worker died) is claimable again.
 */
export const jobs = pgTable(
  'jobs',
  {
    workspaceId: workspaceIdColumn().references(() => workspaces.id),
    id: idColumn(),
    /** The job kind's id, such as `demo.echo`; its handler is in the registry (server/job-kinds.ts). */
    kind: text('kind').notNull(),
    payload: jsonb('payload').$type<unknown>().notNull(),
    status: text('status', { enum: JOB_STATUSES }).notNull().default('queued'),
    /** Idempotency key: enqueueing the same key again in the workspace answers this job. */
    key: text('key'),
    /** The job_schedules row that enqueued it; at most one queued or running job per schedule. */
    scheduleId: uuid('schedule_id'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull(),
    /** When it may run: its first run, or the retry after a backoff. */
    runAt: at('run_at').notNull().defaultNow(),
    /** `<worker id>` of the attempt holding the lease; with `attempts` it fences a worker that lost it. */
    lockedBy: text('locked_by'),
    lockedUntil: at('locked_until'),
    processed: integer('progress_processed').notNull().default(0),
    total: integer('progress_total'),
    lastError: text('last_error'),
    startedAt: at('started_at'),
    finishedAt: at('finished_at'),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('jobs_key_key').on(t.workspaceId, t.key).where(sql`${t.key} is not null`),
    uniqueIndex('jobs_schedule_active_key')
      .on(t.workspaceId, t.scheduleId)
      .where(sql`${t.scheduleId} is not null and ${t.status} in ('queued', 'running')`),
    // The one index of jobs not led by workspace_id (see docs/ARCHITECTURE.md): a worker claims the oldest
    // due job of every workspace, and led by workspace_id the claim would read and sort the whole backlog.
    // Only open jobs, so it never holds the history of finished ones.
    index('jobs_due_idx').on(t.runAt).where(sql`${t.status} in ('queued', 'running')`),
    index('jobs_failed_idx').on(t.workspaceId, t.kind).where(sql`${t.status} = 'failed'`),
  ],
);

/**
 * Recurring work: the runner enqueues a job of `kind` with `payload` every `interval_ms`, and never a second
 * while one of the schedule's jobs is queued or running. `key` names it in its workspace (such as
 * `mailbox-sync:<mailbox id>`), so scheduling it again updates it.
 */
export const jobSchedules = pgTable(
  'job_schedules',
  {
    workspaceId: workspaceIdColumn().references(() => workspaces.id),
    id: idColumn(),
    key: text('key').notNull(),
    kind: text('kind').notNull(),
    payload: jsonb('payload').$type<unknown>().notNull(),
    intervalMs: bigint('interval_ms', { mode: 'number' }).notNull(),
    nextRunAt: at('next_run_at').notNull(),
    lastEnqueuedAt: at('last_enqueued_at'),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('job_schedules_key_key').on(t.workspaceId, t.key),
    // Not led by workspace_id, as jobs_due_idx: every worker looks for due schedules of all workspaces.
    index('job_schedules_due_idx').on(t.nextRunAt),
  ],
);
