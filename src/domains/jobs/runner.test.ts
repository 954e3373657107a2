import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestStore, type TestStore } from '../../test/test-store.ts';
import { buildUser } from '../workspaces/factories.ts';
import { claimJob } from './claim.ts';
import { jobKinds } from './define-job.ts';
import { enqueueJob } from './enqueue.ts';
import { type Runner, type RunnerOptions, startRunner } from './runner.ts';
import { jobs } from './schema.ts';
import { FAST, gate, jobRow, runLog, testKind } from './test-kinds.ts';

let store: TestStore;
let workspaceId: string;
const runners: Runner[] = [];

beforeAll(async () => {
  store = await openTestStore();
  workspaceId = (await buildUser(store.db)).workspaceId;
});
afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.stop()));
});
afterAll(() => store.close());

async function start(kinds: ReturnType<typeof testKind>[], options: Partial<RunnerOptions> = {}) {
  const runner = await startRunner({ db: store.db, kinds: jobKinds(kinds), ...FAST, ...options });
  runners.push(runner);
  return runner;
}

const enqueue = (job: ReturnType<typeof testKind>, n = 1) =>
  store.db.transaction((tx) => enqueueJob({ db: tx, workspaceId, job, payload: { n } }));

describe('the runner', () => {
  it('runs a job enqueued in this process as soon as its transaction commits', async () => {
    const ran: number[] = [];
    const kind = testKind('test.wake', async ({ payload }) => void ran.push(payload.n));
    // No poll within the test's time: only the NOTIFY sent on commit can wake it.
    await start([kind], { pollMs: 600_000, listen: store.listen });
    const { id } = await enqueue(kind, 7);
    await vi.waitFor(async () => expect((await jobRow(store.db, workspaceId, id)).status).toBe('done'), {
      timeout: 5000,
    });
    expect(ran).toEqual([7]);
    const row = await jobRow(store.db, workspaceId, id);
    expect(row).toMatchObject({ attempts: 1, lockedBy: null, lockedUntil: null, lastError: null });
    expect(row.finishedAt).toBeInstanceOf(Date);
  });

  it('gives the event loop a turn between jobs, so a server in the same process keeps answering', async () => {
    // On the embedded store a query settles without a turn of the event loop, so a runner that never yields
    // would hold off every timer and HTTP request in the process (kith serve) until the queue is empty.
    let ran = 0;
    const kind = testKind('test.busy', async () => void ran++);
    for (let i = 0; i < 150; i++) await enqueue(kind, i);
    const runner = await start([kind], { pollMs: 600_000 });
    const ranWhenTimerFired = await new Promise<number>((resolve) => setTimeout(() => resolve(ran), 1));
    expect(ranWhenTimerFired).toBeLessThan(150);
    await vi.waitFor(() => expect(ran).toBe(150), { timeout: 60_000 });
    await runner.stop();
  });

  it('retries a failing job with growing delays, then leaves it failed with its error', async () => {
    const kind = testKind(
      'test.flaky',
      async ({ attempt }) => {
        throw new Error(`mail server said no (attempt ${attempt})`);
      },
      3,
    );
    const { id } = await enqueue(kind);
    await start([kind]);
    await vi.waitFor(async () => expect((await jobRow(store.db, workspaceId, id)).status).toBe('failed'), {
      timeout: 5000,
    });
    const row = await jobRow(store.db, workspaceId, id);
    expect(row).toMatchObject({ attempts: 3, maxAttempts: 3, lastError: 'mail server said no (attempt 3)' });
    expect(row.lockedBy).toBeNull();
  });

  it('marks a job done after a failed attempt that a retry fixes, clearing the error', async () => {
    const kind = testKind('test.second-time', async ({ attempt }) => {
      if (attempt === 1) throw new Error('timeout');
    });
    const { id } = await enqueue(kind);
    await start([kind]);
    await vi.waitFor(async () => expect((await jobRow(store.db, workspaceId, id)).status).toBe('done'), {
      timeout: 5000,
    });
    expect(await jobRow(store.db, workspaceId, id)).toMatchObject({ attempts: 2, lastError: null });
  });

  it('fails a job whose stored payload no longer fits its schema, without retrying', async () => {
    const kind = testKind('test.schema', async () => {});
    const { id } = await enqueue(kind);
    await store.db
      .update(jobs)
      .set({ payload: { n: 'seven' } })
      .where(eq(jobs.id, id));
    await start([kind]);
    await vi.waitFor(async () => expect((await jobRow(store.db, workspaceId, id)).status).toBe('failed'));
    const row = await jobRow(store.db, workspaceId, id);
    expect(row.attempts).toBe(1);
    expect(row.lastError).toContain('payload.n');
  });

  it('writes progress at most once per interval, and the last report with the outcome', async () => {
    const release = gate();
    const kind = testKind('test.progress', async ({ progress }) => {
      for (let i = 1; i <= 1000; i++) progress({ processed: i, total: 1000 });
      await release.opened;
    });
    const { id } = await enqueue(kind);
    await start([kind], { progressMs: 600_000 });
    // The first report is written at once; the next 999 wait for an interval that does not come in this test.
    await vi.waitFor(async () => expect((await jobRow(store.db, workspaceId, id)).processed).toBe(1));
    expect(await jobRow(store.db, workspaceId, id)).toMatchObject({ status: 'running', total: 1000 });
    release.open();
    await vi.waitFor(async () => expect((await jobRow(store.db, workspaceId, id)).status).toBe('done'));
    expect(await jobRow(store.db, workspaceId, id)).toMatchObject({ processed: 1000, total: 1000 });
  });

  it('renews the lease while a long job runs, so no other worker takes it', async () => {
    const release = gate();
    let runs = 0;
    const kind = testKind('test.long', async () => {
      runs++;
      await release.opened;
    });
    const { id } = await enqueue(kind);
    const leaseMs = 1500;
    await start([kind], { leaseMs });
    await vi.waitFor(async () => expect((await jobRow(store.db, workspaceId, id)).status).toBe('running'));
    const firstLease = (await jobRow(store.db, workspaceId, id)).lockedUntil!;
    // Outlive the first lease, watching it move on.
    await vi.waitFor(
      async () => {
        const until = (await jobRow(store.db, workspaceId, id)).lockedUntil!;
        expect(until.getTime()).toBeGreaterThan(firstLease.getTime() + leaseMs);
      },
      { timeout: 20_000 },
    );
    expect(await claimJob({ db: store.db, workerId: 'other', kinds: [kind.kind], leaseMs: 1000 })).toBeNull();
    release.open();
    await vi.waitFor(async () => expect((await jobRow(store.db, workspaceId, id)).status).toBe('done'));
    expect(runs).toBe(1);
  });

  it('takes over a job whose worker died (its lease expired), counting the lost attempt', async () => {
    const kind = testKind('test.orphan', async () => {});
    const { id } = await enqueue(kind);
    // A worker claims it and then never beats nor finishes, as a process killed mid-job.
    const claimed = await claimJob({ db: store.db, workerId: 'dead', kinds: [kind.kind], leaseMs: 100 });
    expect(claimed?.id).toBe(id);
    await start([kind]);
    await vi.waitFor(async () => expect((await jobRow(store.db, workspaceId, id)).status).toBe('done'));
    expect(await jobRow(store.db, workspaceId, id)).toMatchObject({ attempts: 2, lastError: null });
  });

  it('aborts a handler whose worker lost the lease, and lets it write nothing', async () => {
    const aborted = gate();
    let reason: unknown = null;
    const kind = testKind('test.stalled', async ({ signal }) => {
      await new Promise((_, reject) =>
        signal.addEventListener('abort', () => {
          reason = signal.reason;
          aborted.open();
          reject(signal.reason);
        }),
      );
    });
    const { id } = await enqueue(kind);
    // A heartbeat slower than the lease, as a worker stalled in a long GC pause or a frozen VM.
    await start([kind], { leaseMs: 50, heartbeatMs: 400 });
    await vi.waitFor(async () => expect((await jobRow(store.db, workspaceId, id)).status).toBe('running'));
    const taken = await vi.waitFor(
      async () => {
        const row = await claimJob({ db: store.db, workerId: 'other', kinds: [kind.kind], leaseMs: 60_000 });
        if (!row) throw new Error('not claimable yet');
        return row;
      },
      { timeout: 5000, interval: 10 },
    );
    await aborted.opened;
    expect(String(reason)).toContain('lost the job');
    expect(await jobRow(store.db, workspaceId, id)).toMatchObject({
      status: 'running',
      lockedBy: 'other',
      attempts: taken.attempts,
    });
  });

  it('never takes a job it is still running a second time, even once its lease has run out', async () => {
    const release = gate();
    const log = runLog();
    const kind = testKind('test.overdue', async ({ jobId, payload }) =>
      log.track(jobId, async () => {
        if (payload.n === 1) await release.opened;
      }),
    );
    const { id } = await enqueue(kind, 1);
    // A heartbeat that never comes within the lease, as when a long transaction holds PGlite's connection.
    await start([kind], { leaseMs: 50, heartbeatMs: 600_000, concurrency: 2 });
    await vi.waitFor(async () => {
      const row = await jobRow(store.db, workspaceId, id);
      expect(row.status).toBe('running');
      expect(row.lockedUntil!.getTime()).toBeLessThan(Date.now());
    });
    // A job enqueued after the lease ran out is younger, so it runs only after the runner has passed over the
    // overdue one.
    const later = await enqueue(kind, 2);
    await vi.waitFor(async () => expect((await jobRow(store.db, workspaceId, later.id)).status).toBe('done'));
    release.open();
    await vi.waitFor(async () => expect((await jobRow(store.db, workspaceId, id)).status).toBe('done'));
    expect(log.runs.get(id)).toBe(1);
    expect(log.overlaps).toEqual([]);
  });

  it('fails a job whose worker died on its last attempt, saying so', async () => {
    const kind = testKind('test.orphan-last', async () => {}, 1);
    const { id } = await enqueue(kind);
    await claimJob({ db: store.db, workerId: 'dead', kinds: [kind.kind], leaseMs: 100 });
    await start([kind]);
    await vi.waitFor(async () => expect((await jobRow(store.db, workspaceId, id)).status).toBe('failed'));
    expect(await jobRow(store.db, workspaceId, id)).toMatchObject({
      attempts: 2,
      lastError: 'Attempt 1 stopped without finishing: its worker went away (lease expired)',
    });
  });

  it('on stop, lets a running job finish', async () => {
    const release = gate();
    const kind = testKind('test.finish-on-stop', async () => {
      await release.opened;
    });
    const { id } = await enqueue(kind);
    const runner = await start([kind]);
    await vi.waitFor(async () => expect((await jobRow(store.db, workspaceId, id)).status).toBe('running'));
    const stopped = runner.stop();
    release.open();
    await stopped;
    expect(await jobRow(store.db, workspaceId, id)).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('on stop, hands back a job that outlasts the grace period, without counting the attempt', async () => {
    const kind = testKind('test.release-on-stop', async ({ signal }) => {
      await new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    });
    const { id } = await enqueue(kind);
    const runner = await start([kind], { stopGraceMs: 50 });
    await vi.waitFor(async () => expect((await jobRow(store.db, workspaceId, id)).status).toBe('running'));
    await runner.stop();
    expect(await jobRow(store.db, workspaceId, id)).toMatchObject({
      status: 'queued',
      attempts: 0,
      lockedBy: null,
    });
  });
});
