import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../../test/test-store.ts';
import { buildUser } from '../workspaces/factories.ts';
import { jobKinds } from './define-job.ts';
import { echoJob } from './echo-job.ts';
import { enqueueJob } from './enqueue.ts';
import { drainJobs, runJobNow } from './run-now.ts';
import { FAST, jobRow, testKind } from './test-kinds.ts';

let store: TestStore;
let workspaceId: string;

beforeAll(async () => {
  store = await openTestStore();
  workspaceId = (await buildUser(store.db)).workspaceId;
});
afterAll(() => store.close());

describe('runJobNow', () => {
  it('runs a job to its end in this process, through its retries', async () => {
    const kind = testKind('test.cli-import', async ({ attempt, progress }) => {
      progress({ processed: attempt, total: 3 });
      if (attempt < 3) throw new Error(`try ${attempt}`);
    });
    const { id } = await store.db.transaction((tx) =>
      enqueueJob({ db: tx, workspaceId, job: kind, payload: { n: 1 } }),
    );
    const row = await runJobNow({ db: store.db, kinds: jobKinds([kind]), workspaceId, jobId: id, ...FAST });
    expect(row).toMatchObject({ id, status: 'done', attempts: 3, processed: 3, total: 3, lastError: null });
  });

  it('returns a job that failed for good with its error', async () => {
    const kind = testKind(
      'test.cli-broken',
      async () => {
        throw new Error('unreadable file');
      },
      2,
    );
    const { id } = await enqueueJob({ db: store.db, workspaceId, job: kind, payload: { n: 1 } });
    const row = await runJobNow({ db: store.db, kinds: jobKinds([kind]), workspaceId, jobId: id, ...FAST });
    expect(row).toMatchObject({ status: 'failed', attempts: 2, lastError: 'unreadable file' });
  });

  it('runs the demo.echo kind with its progress', async () => {
    const { id } = await enqueueJob({
      db: store.db,
      workspaceId,
      job: echoJob,
      payload: { message: 'hi', steps: 4 },
    });
    const row = await runJobNow({
      db: store.db,
      kinds: jobKinds([echoJob]),
      workspaceId,
      jobId: id,
      ...FAST,
    });
    expect(row).toMatchObject({ status: 'done', processed: 4, total: 4 });
  });
});

describe('drainJobs', () => {
  it('runs every job that is due, and leaves the ones that are not', async () => {
    const ran: number[] = [];
    const kind = testKind('test.drain', async ({ payload }) => void ran.push(payload.n));
    const later = new Date(Date.now() + 3_600_000);
    for (const n of [1, 2, 3]) await enqueueJob({ db: store.db, workspaceId, job: kind, payload: { n } });
    const future = await enqueueJob({
      db: store.db,
      workspaceId,
      job: kind,
      payload: { n: 4 },
      runAt: later,
    });
    const outcomes = await drainJobs({ db: store.db, kinds: jobKinds([kind]), ...FAST });
    expect(outcomes.map((o) => o.status)).toEqual(['done', 'done', 'done']);
    expect(ran.sort()).toEqual([1, 2, 3]);
    expect((await jobRow(store.db, workspaceId, future.id)).status).toBe('queued');
  });
});
