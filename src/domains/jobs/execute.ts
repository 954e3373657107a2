import type { Db } from '../../db/client.ts';
import { AppError } from '../../shared/errors.ts';
import { type Backoff, retryDelayMs } from './backoff.ts';
import {
  completeJob,
  failAttempt,
  type JobRow,
  type Lease,
  leaseOf,
  releaseJob,
  renewLease,
} from './claim.ts';
import type { JobKinds, Progress } from './define-job.ts';
import { type JobLog, progressWriter } from './progress.ts';
import { parsePayload } from './validators.ts';

/** How one attempt ended: done, queued for a retry, failed for good, handed back (stopping), or lost. */
export type JobOutcome = {
  kind: string;
  status: 'done' | 'retry' | 'failed' | 'released' | 'lost';
  durationMs: number;
};

/** Timings of a runner, in milliseconds; tests pass small ones. */
export type JobTimings = {
  leaseMs: number;
  heartbeatMs: number;
  progressMs: number;
  backoff: Backoff;
};

/** The message a user sees for a failed attempt. */
function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/** Renews the lease every heartbeatMs until stopped; calls onLost when the job is no longer this worker's. */
function heartbeat(options: { db: Db; lease: Lease; timings: JobTimings; log: JobLog; onLost: () => void }) {
  let timer: NodeJS.Timeout | null = null;
  let isStopped = false;
  const beat = async () => {
    try {
      const isHeld = await renewLease({
        db: options.db,
        lease: options.lease,
        leaseMs: options.timings.leaseMs,
      });
      if (!isHeld && !isStopped) options.onLost();
    } catch (error) {
      // The store may be briefly unreachable; the lease still runs, and the next beat tries again.
      options.log.warn({ err: error, jobId: options.lease.id }, 'could not renew a job lease');
    }
    if (!isStopped) timer = setTimeout(beat, options.timings.heartbeatMs);
  };
  timer = setTimeout(beat, options.timings.heartbeatMs);
  return () => {
    isStopped = true;
    if (timer) clearTimeout(timer);
  };
}

/**
 * Runs one claimed job: parses its payload again, runs its handler while a heartbeat renews the lease and
 * progress is written now and then, and records the outcome (done; retried after a backoff; failed for good
 * after its last attempt or for a payload that no retry can fix). When the worker is stopping (`stopping`
 * aborted) and the handler gives up, the job is handed back without counting the attempt.
 */
export async function executeJob(options: {
  db: Db;
  kinds: JobKinds;
  row: JobRow;
  timings: JobTimings;
  log: JobLog;
  stopping: AbortSignal;
  /** Hears every progress report as the handler makes it, for a process that shows it (the CLI). */
  onProgress?: (progress: Progress) => void;
}): Promise<JobOutcome> {
  const { db, row, timings, log } = options;
  const started = Date.now();
  const lease = leaseOf(row);
  const outcome = (status: JobOutcome['status']): JobOutcome => ({
    kind: row.kind,
    status,
    durationMs: Date.now() - started,
  });
  const fail = async (error: string) => {
    await failAttempt({ db, lease, error, retryInMs: null, progress: null });
    return outcome('failed');
  };
  const kind = options.kinds.get(row.kind);
  if (!kind) return fail(`No handler for job kind ${row.kind} in this worker`);
  if (row.attempts > row.maxAttempts) return fail(row.lastError ?? 'No attempts left');
  let payload: unknown;
  try {
    payload = parsePayload({ schema: kind.payload, payload: row.payload, kind: row.kind });
  } catch (error) {
    return fail(messageOf(error));
  }

  const controller = new AbortController();
  let isLost = false;
  const onStopping = () => controller.abort(new AppError('unavailable', 'The worker is stopping'));
  if (options.stopping.aborted) onStopping();
  else options.stopping.addEventListener('abort', onStopping, { once: true });
  const stopHeartbeat = heartbeat({
    db,
    lease,
    timings,
    log,
    onLost: () => {
      isLost = true;
      controller.abort(new AppError('conflict', 'This worker lost the job: its lease expired'));
    },
  });
  const progress = progressWriter({ db, lease, intervalMs: timings.progressMs, log });
  let failure: { error: unknown } | null = null;
  try {
    await kind.handler({
      payload,
      workspaceId: row.workspaceId,
      jobId: row.id,
      attempt: row.attempts,
      db,
      progress: (p) => {
        progress.report(p);
        options.onProgress?.(p);
      },
      signal: controller.signal,
    });
  } catch (error) {
    failure = { error };
  } finally {
    stopHeartbeat();
    options.stopping.removeEventListener('abort', onStopping);
  }
  const latest = await progress.finish();
  if (isLost) return outcome('lost');
  if (!failure) {
    return outcome((await completeJob({ db, lease, progress: latest })) ? 'done' : 'lost');
  }
  if (options.stopping.aborted) {
    return outcome((await releaseJob({ db, lease })) ? 'released' : 'lost');
  }
  const isLast = row.attempts >= row.maxAttempts;
  const retryInMs = isLast ? null : retryDelayMs({ attempt: row.attempts, backoff: timings.backoff });
  const message = messageOf(failure.error);
  log.warn(
    { jobId: row.id, kind: row.kind, attempt: row.attempts, err: failure.error },
    isLast ? 'job failed for good' : 'job attempt failed; retrying',
  );
  const isRecorded = await failAttempt({ db, lease, error: message, retryInMs, progress: latest });
  return outcome(isRecorded ? (isLast ? 'failed' : 'retry') : 'lost');
}
