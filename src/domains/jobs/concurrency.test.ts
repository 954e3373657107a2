import { setTimeout as sleep } from 'node:timers/promises';
import { and, count, eq, inArray } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openStore, type Store } from '../../db/client.ts';
import { openTestStore, type TestStore } from '../../test/test-store.ts';
import { buildUser } from '../workspaces/factories.ts';
import { type AnyJobKind, jobKinds } from './define-job.ts';
import { enqueueJob } from './enqueue.ts';
import { type Runner, startRunner } from './runner.ts';
import { scheduleJob, unscheduleJob } from './schedules.ts';
import { jobSchedules, jobs } from './schema.ts';
import { FAST, gate, runLog, testKind } from './test-kinds.ts';

// Several workers on one store. On PostgreSQL each worker has its own pool, as separate processes would, so
// their claims really race; on PGlite (one connection) they take turns, which checks the same bookkeeping.

let store: TestStore;
let second: Store;
let workspaceId: string;
const runners: Runner[] = [];

beforeAll(async () => {
  store = await openTestStore({ poolSize: 6 });
  second = store.url ? await openStore({ databaseUrl: store.url, poolSize: 6 }) : store;
  workspaceId = (await buildUser(store.db)).workspaceId;
});
afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.stop()));
});
afterAll(async () => {
  if (second !== store) await second.close();
  await store.close();
});

/** Starts one runner on each store, each running up to 4 jobs at a time; `kindFor` makes each its handler. */
async function twoWorkers(kindFor: (worker: string) => AnyJobKind) {
  for (const [i, s] of [store, second].entries()) {
    const worker = `w${i}`;
    runners.push(
      await startRunner({
        db: s.db,
        kinds: jobKinds([kindFor(worker)]),
        listen: s.listen,
        concurrency: 4,
        ...FAST,
        workerId: worker,
      }),
    );
  }
}

const countWhere = async (where: ReturnType<typeof and>) =>
  (await store.db.select({ n: count() }).from(jobs).where(where))[0]?.n ?? 0;

describe('two workers', () => {
  it('run each of many jobs exactly once, never one job twice at the same time', async () => {
    const log = runLog();
    // Every job waits until both workers have started one, so neither can do all the work alone: one worker
    // holds at most 4 waiting jobs, and the next job is the other's.
    const workers = new Set<string>();
    const bothBusy = gate();
    const kindFor = (worker: string) =>
      testKind('test.many', async ({ jobId }) =>
        log.track(jobId, async () => {
          workers.add(worker);
          if (workers.size === 2) bothBusy.open();
          await bothBusy.opened;
          await sleep(Math.floor(Math.random() * 3));
        }),
      );
    const kind = kindFor('enqueuer');
    const total = 200;
    const ids = await store.db.transaction(async (tx) => {
      const added: string[] = [];
      for (let n = 0; n < total; n++) {
        added.push((await enqueueJob({ db: tx, workspaceId, job: kind, payload: { n } })).id);
      }
      return added;
    });
    await twoWorkers(kindFor);
    await vi.waitFor(
      async () => expect(await countWhere(and(inArray(jobs.id, ids), eq(jobs.status, 'done')))).toBe(total),
      { timeout: 60_000, interval: 50 },
    );
    expect(workers).toEqual(new Set(['w0', 'w1']));
    expect(log.overlaps).toEqual([]);
    expect(log.runs.size).toBe(total);
    expect([...log.runs.values()].every((runs) => runs === 1)).toBe(true);
    const attempts = await store.db
      .select({ attempts: jobs.attempts })
      .from(jobs)
      .where(inArray(jobs.id, ids));
    expect(attempts.every((r) => r.attempts === 1)).toBe(true);
  });

  it('never run a recurring job twice at once, and run it again after each interval', async () => {
    const log = runLog();
    // Each run outlasts the interval several times over, so the schedule is due again while it runs.
    const kind = testKind('test.sync', async ({ payload }) =>
      log.track(`schedule-${payload.n}`, () => sleep(30)),
    );
    const schedule = await scheduleJob({
      db: store.db,
      workspaceId,
      key: 'mailbox-sync:1',
      job: kind,
      payload: { n: 1 },
      intervalMs: 10,
    });
    await twoWorkers(() => kind);
    await vi.waitFor(() => expect(log.total()).toBeGreaterThanOrEqual(6), { timeout: 30_000, interval: 20 });
    expect(await unscheduleJob({ db: store.db, workspaceId, key: 'mailbox-sync:1' })).toBe(true);
    expect(log.overlaps).toEqual([]);
    const open = await countWhere(
      and(eq(jobs.scheduleId, schedule.id), inArray(jobs.status, ['queued', 'running'])),
    );
    expect(open).toBeLessThanOrEqual(1);
    const rows = await store.db.select().from(jobSchedules).where(eq(jobSchedules.id, schedule.id));
    expect(rows).toEqual([]);
  });
});
