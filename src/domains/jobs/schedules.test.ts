import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../db/client.ts';
import { openTestStore, type TestStore } from '../../test/test-store.ts';
import { buildUser } from '../workspaces/factories.ts';
import { claimJob } from './claim.ts';
import { jobKinds } from './define-job.ts';
import { enqueueDueSchedules, scheduleJob, unscheduleJob } from './schedules.ts';
import { jobSchedules, jobs } from './schema.ts';
import { testKind } from './test-kinds.ts';

let store: TestStore;
let second: Store;
let workspaceId: string;
const digest = testKind('test.digest', async () => {});
const kinds = jobKinds([digest]);

beforeAll(async () => {
  store = await openTestStore();
  second = store.url ? await openStore({ databaseUrl: store.url, poolSize: 2 }) : store;
  workspaceId = (await buildUser(store.db)).workspaceId;
});
afterAll(async () => {
  if (second !== store) await second.close();
  await store.close();
});

const jobsOf = (scheduleId: string) =>
  store.db
    .select()
    .from(jobs)
    .where(and(eq(jobs.workspaceId, workspaceId), eq(jobs.scheduleId, scheduleId)));

describe('scheduleJob', () => {
  it('refuses a payload its kind does not accept, and an interval under 10 ms', async () => {
    const base = { db: store.db, workspaceId, key: 'digest:bad', job: digest };
    await expect(
      scheduleJob({ ...base, payload: { n: 'x' } as unknown as { n: number }, intervalMs: 1000 }),
    ).rejects.toMatchObject({ fields: [{ field: 'payload.n' }] });
    await expect(scheduleJob({ ...base, payload: { n: 1 }, intervalMs: 1 })).rejects.toMatchObject({
      code: 'validation_failed',
      fields: [{ field: 'intervalMs' }],
    });
    const rows = await store.db.select().from(jobSchedules).where(eq(jobSchedules.key, 'digest:bad'));
    expect(rows).toEqual([]);
  });

  it('updates the schedule of the same key instead of adding a second', async () => {
    const first = await scheduleJob({
      db: store.db,
      workspaceId,
      key: 'digest:daily',
      job: digest,
      payload: { n: 1 },
      intervalMs: 86_400_000,
      firstRunAt: new Date('2099-01-01T07:00:00Z'),
    });
    const again = await scheduleJob({
      db: store.db,
      workspaceId,
      key: 'digest:daily',
      job: digest,
      payload: { n: 2 },
      intervalMs: 3_600_000,
    });
    expect(again).toMatchObject({ id: first.id, payload: { n: 2 }, intervalMs: 3_600_000 });
    expect(again.nextRunAt).toEqual(new Date('2099-01-01T07:00:00Z'));
    expect(await unscheduleJob({ db: store.db, workspaceId, key: 'digest:daily' })).toBe(true);
    expect(await unscheduleJob({ db: store.db, workspaceId, key: 'digest:daily' })).toBe(false);
  });
});

describe('enqueueDueSchedules', () => {
  it('enqueues a due schedule once while its job is open, and moves its next run on', async () => {
    const schedule = await scheduleJob({
      db: store.db,
      workspaceId,
      key: 'sync:a',
      job: digest,
      payload: { n: 3 },
      intervalMs: 10,
    });
    // Two workers' schedulers at the same moment (on PostgreSQL, on separate pools).
    const added = await Promise.all([
      enqueueDueSchedules({ db: store.db, kinds }),
      enqueueDueSchedules({ db: second.db, kinds }),
    ]);
    expect(added.reduce((a, b) => a + b, 0)).toBe(1);
    const [job] = await jobsOf(schedule.id);
    expect(job).toMatchObject({ kind: 'test.digest', payload: { n: 3 }, status: 'queued' });
    const [moved] = await store.db.select().from(jobSchedules).where(eq(jobSchedules.id, schedule.id));
    expect(moved!.nextRunAt.getTime()).toBeGreaterThan(schedule.nextRunAt.getTime());
    expect(moved!.lastEnqueuedAt).toBeInstanceOf(Date);

    // Due again while its job is queued, then while it runs: no second job.
    await store.db
      .update(jobSchedules)
      .set({ nextRunAt: new Date(0) })
      .where(eq(jobSchedules.id, schedule.id));
    expect(await enqueueDueSchedules({ db: store.db, kinds })).toBe(0);
    const claimed = await claimJob({ db: store.db, workerId: 'w', kinds: ['test.digest'], leaseMs: 60_000 });
    expect(claimed?.id).toBe(job!.id);
    await store.db
      .update(jobSchedules)
      .set({ nextRunAt: new Date(0) })
      .where(eq(jobSchedules.id, schedule.id));
    expect(await enqueueDueSchedules({ db: store.db, kinds })).toBe(0);
    expect(await jobsOf(schedule.id)).toHaveLength(1);

    // Once that job has finished, the next run is enqueued.
    await store.db.update(jobs).set({ status: 'done' }).where(eq(jobs.id, job!.id));
    await store.db
      .update(jobSchedules)
      .set({ nextRunAt: new Date(0) })
      .where(eq(jobSchedules.id, schedule.id));
    expect(await enqueueDueSchedules({ db: store.db, kinds })).toBe(1);
    expect(await jobsOf(schedule.id)).toHaveLength(2);
  });

  it('drops the queued job of a schedule that is stopped', async () => {
    const schedule = await scheduleJob({
      db: store.db,
      workspaceId,
      key: 'sync:b',
      job: digest,
      payload: { n: 4 },
      intervalMs: 60_000,
    });
    expect(await enqueueDueSchedules({ db: store.db, kinds })).toBe(1);
    expect(await jobsOf(schedule.id)).toHaveLength(1);
    await unscheduleJob({ db: store.db, workspaceId, key: 'sync:b' });
    expect(await jobsOf(schedule.id)).toEqual([]);
  });
});
