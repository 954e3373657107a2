import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { defineJob, type JobContext } from './define-job.ts';
import type { RunnerOptions } from './runner.ts';
import { jobs } from './schema.ts';

// Test helpers: job kinds that record how they ran, and timings in milliseconds so tests stay fast.

/**
 * Runner timings for tests: a poll, heartbeat and backoff of milliseconds. The lease stays long, so a
 * heartbeat delayed on a busy machine never lets a second worker take a job; the tests of expiry pass a
 * short one where they need it.
 */
export const FAST = {
  pollMs: 20,
  leaseMs: 10_000,
  heartbeatMs: 50,
  progressMs: 20,
  backoff: { baseMs: 4, capMs: 16 },
  stopGraceMs: 2000,
} satisfies Partial<RunnerOptions>;

/** Counts runs per job and catches two runs of one job (or of one schedule) at the same time. */
export function runLog() {
  const runs = new Map<string, number>();
  const active = new Set<string>();
  const overlaps: string[] = [];
  return {
    runs,
    overlaps,
    /** Wraps a run of `id`: counted, and flagged if another run of the same id is still going. */
    async track(id: string, work: () => Promise<void>): Promise<void> {
      runs.set(id, (runs.get(id) ?? 0) + 1);
      if (active.has(id)) overlaps.push(id);
      active.add(id);
      try {
        await work();
      } finally {
        active.delete(id);
      }
    },
    total: () => [...runs.values()].reduce((a, b) => a + b, 0),
  };
}

/** A job kind for tests whose handler is given; its payload is `{ n }`. */
export function testKind(
  kind: string,
  handler: (context: JobContext<{ n: number }>) => Promise<void>,
  maxAttempts?: number,
) {
  return defineJob({ kind, payload: z.object({ n: z.number().int() }), handler, maxAttempts });
}

/** A promise with its resolve, for a handler that waits until the test lets it go. */
export function gate() {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

/** A job row as stored, for assertions. */
export async function jobRow(db: Db, workspaceId: string, id: string) {
  const [row] = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.workspaceId, workspaceId), eq(jobs.id, id)));
  if (!row) throw new Error(`no job ${id}`);
  return row;
}
