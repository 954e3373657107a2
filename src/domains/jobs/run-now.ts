import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '../../db/client.ts';
import { claimJob, type JobRow } from './claim.ts';
import type { JobKinds, Progress } from './define-job.ts';
import { executeJob, type JobOutcome } from './execute.ts';
import { getJob } from './get-job.ts';
import type { JobLog } from './progress.ts';
import { jobTimings, newWorkerId, type RunnerOptions } from './runner.ts';

type InProcess = Pick<RunnerOptions, 'leaseMs' | 'heartbeatMs' | 'progressMs' | 'backoff' | 'log'> & {
  db: Db;
  kinds: JobKinds;
};

const quietLog: JobLog = { info: () => {}, warn: () => {}, error: () => {} };
/** How often runJobNow looks again at a job another worker is running. */
const WATCH_MS = 250;

/**
 * Runs one job to its end in this process, for a CLI command that enqueued it while no server holds the
 * embedded store (there, nothing else would run it). Each retry waits out its backoff. If another worker has
 * the job, it waits for that worker instead. Returns the finished row: done, or failed with its error.
 */
export async function runJobNow(
  options: InProcess & {
    workspaceId: string;
    jobId: string;
    onProgress?: (progress: Progress) => void;
  },
): Promise<JobRow> {
  const { db, workspaceId, jobId } = options;
  const workerId = newWorkerId();
  const timings = jobTimings(options);
  const never = new AbortController().signal;
  for (;;) {
    const row = await claimJob({
      db,
      workerId,
      kinds: [...options.kinds.keys()],
      leaseMs: timings.leaseMs,
      only: { workspaceId, id: jobId },
    });
    if (row) {
      await executeJob({ ...options, row, timings, log: options.log ?? quietLog, stopping: never });
    }
    const current = await getJob({ db, workspaceId, id: jobId });
    if (current.status === 'done' || current.status === 'failed') return current;
    if (current.status === 'queued' && !options.kinds.has(current.kind)) {
      throw new Error(`runJobNow: no handler for job kind ${current.kind}`);
    }
    const untilDue = current.status === 'queued' ? current.runAt.getTime() - Date.now() : WATCH_MS;
    await sleep(Math.min(Math.max(untilDue, 5), 60_000));
  }
}

/**
 * Runs every job that is due now in this process, one after another, until none is left; a retry whose
 * backoff has not passed stays queued. For a command that must not leave work behind on the embedded store.
 */
export async function drainJobs(options: InProcess): Promise<JobOutcome[]> {
  const workerId = newWorkerId();
  const timings = jobTimings(options);
  const never = new AbortController().signal;
  const outcomes: JobOutcome[] = [];
  for (;;) {
    const row = await claimJob({
      db: options.db,
      workerId,
      kinds: [...options.kinds.keys()],
      leaseMs: timings.leaseMs,
    });
    if (!row) return outcomes;
    outcomes.push(
      await executeJob({ ...options, row, timings, log: options.log ?? quietLog, stopping: never }),
    );
  }
}
