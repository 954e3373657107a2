import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep, setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Db } from '../../db/client.ts';
import type { Listen } from '../../db/listen.ts';
import { type Backoff, DEFAULT_BACKOFF } from './backoff.ts';
import { claimJob, type JobRow, type Lease, leaseOf, releaseJob } from './claim.ts';
import type { JobKinds } from './define-job.ts';
import { JOBS_CHANNEL } from './enqueue.ts';
import { executeJob, type JobOutcome, type JobTimings } from './execute.ts';
import type { JobLog } from './progress.ts';
import { enqueueDueSchedules } from './schedules.ts';

export type RunnerOptions = {
  db: Db;
  /** The kinds this runner runs (server/job-kinds.ts); it claims no other. */
  kinds: JobKinds;
  /** The store's listen: a commit that enqueued work wakes the runner at once instead of at the next poll. */
  listen?: Listen;
  workerId?: string;
  /** Jobs run at the same time (default 1). */
  concurrency?: number;
  /** How often to look for due jobs and schedules when not woken (default 1 s). */
  pollMs?: number;
  /** How long a claimed job stays this worker's without a heartbeat (default 30 s). */
  leaseMs?: number;
  /** How often the lease is renewed while the handler runs (default a third of the lease). */
  heartbeatMs?: number;
  /** At most one progress write per job per this interval (default 1 s). */
  progressMs?: number;
  backoff?: Backoff;
  /** How long stop() lets running jobs finish before it aborts them and hands them back (default 20 s). */
  stopGraceMs?: number;
  log?: JobLog;
  /** Called after each attempt, for metrics. */
  onOutcome?: (outcome: JobOutcome) => void;
};

/** A running worker loop. */
export type Runner = {
  workerId: string;
  /** Look for work now (a job was enqueued in this process and has committed). */
  wake: () => void;
  /** Stops claiming, lets running jobs finish (or hands them back after the grace period), unsubscribes. */
  stop: () => Promise<void>;
};

const quietLog: JobLog = { info: () => {}, warn: () => {}, error: () => {} };

/** Waits for `work`, or at most `ms`, without leaving a timer behind to keep the process alive. */
async function waitAtMost(work: Promise<unknown>, ms: number): Promise<void> {
  const timer = new AbortController();
  await Promise.race([work, sleep(ms, undefined, { signal: timer.signal }).catch(() => undefined)]);
  timer.abort();
}

/** A worker id that names the machine and process, unique per runner. */
export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/** The timings of a runner, from its options and the defaults. */
export function jobTimings(
  options: Pick<RunnerOptions, 'leaseMs' | 'heartbeatMs' | 'progressMs' | 'backoff'>,
) {
  const leaseMs = options.leaseMs ?? 30_000;
  return {
    leaseMs,
    heartbeatMs: options.heartbeatMs ?? Math.max(1, Math.floor(leaseMs / 3)),
    progressMs: options.progressMs ?? 1000,
    backoff: options.backoff ?? DEFAULT_BACKOFF,
  } satisfies JobTimings;
}

/**
 * Starts the worker loop: runs due schedules, claims due jobs up to `concurrency` (FOR UPDATE SKIP LOCKED,
 * so any number of runners on one store never run a job twice at once), runs them, and waits for a wake-up
 * (NOTIFY after a commit, a job finishing) or the poll interval. Errors of the store are logged and retried
 * at the next poll; the loop itself never throws.
 */
export async function startRunner(options: RunnerOptions): Promise<Runner> {
  const { db, kinds } = options;
  const log = options.log ?? quietLog;
  const workerId = options.workerId ?? newWorkerId();
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const pollMs = options.pollMs ?? 1000;
  const stopGraceMs = options.stopGraceMs ?? 20_000;
  const timings = jobTimings(options);
  const kindNames = [...kinds.keys()];
  const running = new Map<string, { lease: Lease; done: Promise<void> }>();
  const stopping = new AbortController();
  let isStopping = false;
  let isWoken = false;
  let wakeUp: (() => void) | null = null;

  const wake = () => {
    isWoken = true;
    wakeUp?.();
  };
  const waitForWork = async () => {
    if (isWoken || isStopping) return;
    const woken = new Promise<void>((resolve) => {
      wakeUp = resolve;
    });
    await waitAtMost(woken, pollMs);
    wakeUp = null;
  };
  const run = (row: JobRow) => {
    const done = executeJob({ db, kinds, row, timings, log, stopping: stopping.signal })
      .then((outcome) => options.onOutcome?.(outcome))
      .catch((error: unknown) => {
        // The outcome could not be written (the store is unreachable): the lease runs out and another
        // attempt follows, so the job is not lost.
        log.error({ err: error, jobId: row.id, kind: row.kind }, 'could not record a job outcome');
      })
      .finally(() => {
        running.delete(row.id);
        wake();
      });
    running.set(row.id, { lease: leaseOf(row), done });
  };

  let lastScheduledAt = Number.NEGATIVE_INFINITY;
  const loop = async () => {
    while (!isStopping) {
      isWoken = false;
      // On the embedded store a query settles without a turn of the event loop, and a finished job wakes
      // this loop at once: without this the runner would hold off every HTTP request and timer of the
      // process (kith serve runs it beside the API) until the queue is empty.
      await yieldToEventLoop();
      try {
        if (Date.now() - lastScheduledAt >= pollMs) {
          lastScheduledAt = Date.now();
          await enqueueDueSchedules({ db, kinds });
        }
        while (!isStopping && running.size < concurrency) {
          const row = await claimJob({
            db,
            workerId,
            kinds: kindNames,
            leaseMs: timings.leaseMs,
            running: [...running.keys()],
          });
          if (!row) break;
          run(row);
          await yieldToEventLoop();
        }
      } catch (error) {
        log.error({ err: error, workerId }, 'job runner could not reach the store; trying again');
      }
      await waitForWork();
    }
  };

  let unlisten: (() => Promise<void>) | null = null;
  if (options.listen) {
    unlisten = await options.listen(JOBS_CHANNEL, wake).catch((error: unknown) => {
      log.warn({ err: error }, 'job runner cannot listen for new jobs; polling instead');
      return null;
    });
  }
  const looping = loop();
  log.info({ workerId, kinds: kindNames, concurrency }, 'job runner started');

  let stopped: Promise<void> | null = null;
  const stop = async () => {
    isStopping = true;
    wake();
    await looping;
    const allDone = () => Promise.all([...running.values()].map((r) => r.done));
    if (running.size > 0) await waitAtMost(allDone(), stopGraceMs);
    if (running.size > 0) {
      stopping.abort();
      await waitAtMost(allDone(), Math.min(stopGraceMs, 2000));
    }
    // Handlers that ignore the abort: hand their jobs back, so another worker runs them now.
    for (const { lease } of running.values()) await releaseJob({ db, lease }).catch(() => false);
    await unlisten?.().catch(() => undefined);
    log.info({ workerId }, 'job runner stopped');
  };
  return {
    workerId,
    wake,
    stop: () => {
      stopped ??= stop();
      return stopped;
    },
  };
}
