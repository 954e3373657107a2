import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../../test/test-store.ts';
import { buildUser } from '../workspaces/factories.ts';
import { retryDelayMs } from './backoff.ts';
import { claimJob } from './claim.ts';
import { jobKinds } from './define-job.ts';
import { enqueueJob } from './enqueue.ts';
import { executeJob } from './execute.ts';
import { jobTimings } from './runner.ts';
import { jobs } from './schema.ts';
import { jobRow, testKind } from './test-kinds.ts';

describe('retryDelayMs', () => {
  const backoff = { baseMs: 1000, capMs: 60_000 };
  it('doubles with each attempt, between half and all of the exponential delay', () => {
    expect(retryDelayMs({ attempt: 1, backoff, random: () => 0 })).toBe(500);
    expect(retryDelayMs({ attempt: 1, backoff, random: () => 1 })).toBe(1000);
    expect(retryDelayMs({ attempt: 3, backoff, random: () => 0 })).toBe(2000);
    expect(retryDelayMs({ attempt: 3, backoff, random: () => 0.5 })).toBe(3000);
  });
  it('stops growing at the cap', () => {
    expect(retryDelayMs({ attempt: 20, backoff, random: () => 1 })).toBe(60_000);
    expect(retryDelayMs({ attempt: 200, backoff, random: () => 0 })).toBe(30_000);
  });
});

describe('a failed attempt', () => {
  let store: TestStore;
  let workspaceId: string;
  beforeAll(async () => {
    store = await openTestStore();
    workspaceId = (await buildUser(store.db)).workspaceId;
  });
  afterAll(() => store.close());

  it('is queued again after its backoff, recorded on the row with the attempt and the error', async () => {
    const kind = testKind('test.backoff', async ({ attempt }) => {
      throw new Error(`refused ${attempt}`);
    });
    const kinds = jobKinds([kind]);
    const timings = jobTimings({ backoff: { baseMs: 60_000, capMs: 3_600_000 } });
    const { id } = await enqueueJob({ db: store.db, workspaceId, job: kind, payload: { n: 1 } });
    const never = new AbortController().signal;
    const log = { info: () => {}, warn: () => {}, error: () => {} };
    for (const attempt of [1, 2, 3]) {
      const row = await claimJob({ db: store.db, workerId: 'w', kinds: [kind.kind], leaseMs: 60_000 });
      expect(row?.attempts).toBe(attempt);
      const outcome = await executeJob({ db: store.db, kinds, row: row!, timings, log, stopping: never });
      expect(outcome.status).toBe('retry');
      const after = await jobRow(store.db, workspaceId, id);
      expect(after).toMatchObject({ status: 'queued', attempts: attempt, lastError: `refused ${attempt}` });
      // run_at and updated_at come from the same statement's now(): their gap is the delay.
      const delay = after.runAt.getTime() - after.updatedAt.getTime();
      const exponential = 60_000 * 2 ** (attempt - 1);
      expect(delay).toBeGreaterThanOrEqual(exponential / 2 - 1);
      expect(delay).toBeLessThanOrEqual(exponential + 1);
      // Not claimable before then; make it due to go on.
      expect(await claimJob({ db: store.db, workerId: 'w', kinds: [kind.kind], leaseMs: 60_000 })).toBeNull();
      await store.db
        .update(jobs)
        .set({ runAt: new Date(0) })
        .where(eq(jobs.id, id));
    }
  });
});
