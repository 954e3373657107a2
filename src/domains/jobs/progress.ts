import type { Db } from '../../db/client.ts';
import { type Lease, saveProgress } from './claim.ts';
import type { Progress } from './define-job.ts';

/** Where the runner writes what it cannot stop for: a failed progress write, a failed heartbeat. */
export type JobLog = {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
};

/** A count the integer columns can hold: a whole number from 0, or null for a bad value. */
function count(value: number | null | undefined): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  return Math.min(2_147_483_647, Math.max(0, Math.floor(value)));
}

/**
 * Throttles a handler's progress reports: the first is written at once, then at most one write per
 * `intervalMs` with the latest values, so a loop that reports every item writes a few rows, not one per
 * item. `finish` stops writing and returns the latest report, which the outcome's statement stores.
 */
export function progressWriter(options: { db: Db; lease: Lease; intervalMs: number; log: JobLog }) {
  let latest: Progress | null = null;
  let written: Progress | null = null;
  let lastWriteAt = Number.NEGATIVE_INFINITY;
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> = Promise.resolve();
  let isFinished = false;

  const write = () => {
    timer = null;
    const progress = latest;
    if (isFinished || !progress || progress === written) return;
    written = progress;
    lastWriteAt = Date.now();
    writing = writing
      .then(() => saveProgress({ db: options.db, lease: options.lease, progress }))
      .catch((error: unknown) => {
        options.log.warn({ err: error, jobId: options.lease.id }, 'could not save job progress');
      });
  };

  return {
    report(progress: Progress): void {
      const processed = count(progress.processed);
      if (isFinished || processed === null) return;
      latest = { processed, total: count(progress.total) };
      if (timer) return;
      const wait = lastWriteAt + options.intervalMs - Date.now();
      if (wait <= 0) write();
      else timer = setTimeout(write, wait);
    },
    async finish(): Promise<Progress | null> {
      isFinished = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await writing;
      return latest;
    },
  };
}
