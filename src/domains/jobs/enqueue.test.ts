import { and, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.ts';
import { openTestStore, type TestStore } from '../../test/test-store.ts';
import { buildUser } from '../workspaces/factories.ts';
import { jobKinds } from './define-job.ts';
import { enqueueJob } from './enqueue.ts';
import { drainJobs } from './run-now.ts';
import { jobs } from './schema.ts';
import { FAST, jobRow, runLog, testKind } from './test-kinds.ts';

let store: TestStore;
let workspaceId: string;
const noop = testKind('test.noop', async () => {});

beforeAll(async () => {
  store = await openTestStore();
  workspaceId = (await buildUser(store.db)).workspaceId;
});
afterAll(() => store.close());

const jobCount = async (key?: string) => {
  const [row] = await store.db
    .select({ n: count() })
    .from(jobs)
    .where(and(eq(jobs.workspaceId, workspaceId), key ? eq(jobs.key, key) : undefined));
  return row?.n ?? 0;
};

describe('enqueueJob', () => {
  it('refuses a payload its kind does not accept, naming the field, and writes nothing', async () => {
    const before = await jobCount();
    const attempt = enqueueJob({
      db: store.db,
      workspaceId,
      job: noop,
      payload: { n: 'two' } as unknown as { n: number },
    });
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({
      code: 'validation_failed',
      fields: [{ field: 'payload.n' }],
    });
    expect(await jobCount()).toBe(before);
    await expect(
      enqueueJob({ db: store.db, workspaceId, job: noop, payload: { n: 1 }, key: ' ' }),
    ).rejects.toMatchObject({ code: 'validation_failed', fields: [{ field: 'key' }] });
    expect(await jobCount()).toBe(before);
  });

  it('adds nothing when the transaction that asked for the job rolls back', async () => {
    const before = await jobCount();
    const failing = store.db.transaction(async (tx) => {
      await enqueueJob({ db: tx, workspaceId, job: noop, payload: { n: 1 } });
      throw new Error('the write failed after enqueueing');
    });
    await expect(failing).rejects.toThrow('the write failed');
    expect(await jobCount()).toBe(before);
  });

  it('answers the first job for a key enqueued twice, and runs it once', async () => {
    const log = runLog();
    const kind = testKind('test.once', async ({ jobId }) => log.track(jobId, async () => {}));
    const first = await enqueueJob({
      db: store.db,
      workspaceId,
      job: kind,
      payload: { n: 1 },
      key: 'import:a',
    });
    const second = await enqueueJob({
      db: store.db,
      workspaceId,
      job: kind,
      payload: { n: 2 },
      key: 'import:a',
    });
    expect(first.created).toBe(true);
    expect(second).toEqual({ id: first.id, created: false });
    await drainJobs({ db: store.db, kinds: jobKinds([kind]), ...FAST });
    // Even once the job is done, the key still answers it.
    const third = await enqueueJob({
      db: store.db,
      workspaceId,
      job: kind,
      payload: { n: 3 },
      key: 'import:a',
    });
    expect(third.id).toBe(first.id);
    expect(log.runs).toEqual(new Map([[first.id, 1]]));
    expect((await jobRow(store.db, workspaceId, first.id)).payload).toEqual({ n: 1 });
  });

  it('answers one job to transactions that enqueue the same key at the same time', async () => {
    const key = 'sync:concurrent';
    // Each transaction holds its insert open for a moment, so on PostgreSQL they overlap and the later ones
    // wait on the unique index for the first to commit.
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, n) =>
        store.db.transaction(async (tx) => {
          const result = await enqueueJob({ db: tx, workspaceId, job: noop, payload: { n }, key });
          await tx.execute(sql`select pg_sleep(0.05)`);
          return result;
        }),
      ),
    );
    const ids = new Set(results.map((r) => r.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await jobCount(key)).toBe(1);
  });

  it('answers the key of one workspace only in that workspace', async () => {
    const other = (await buildUser(store.db)).workspaceId;
    const mine = await enqueueJob({ db: store.db, workspaceId, job: noop, payload: { n: 1 }, key: 'shared' });
    const theirs = await enqueueJob({
      db: store.db,
      workspaceId: other,
      job: noop,
      payload: { n: 1 },
      key: 'shared',
    });
    expect(theirs.created).toBe(true);
    expect(theirs.id).not.toBe(mine.id);
  });
});
