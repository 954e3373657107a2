import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiAs, openTestApp, type TestApp } from '../../test/http.ts';
import { buildUser, type TestUser } from '../workspaces/factories.ts';
import { jobKinds } from './define-job.ts';
import { enqueueJob } from './enqueue.ts';
import { startRunner } from './runner.ts';
import { FAST, gate, testKind } from './test-kinds.ts';

let t: TestApp;
let owner: TestUser;
let stranger: TestUser;

beforeAll(async () => {
  t = await openTestApp();
  owner = await buildUser(t.store.db, { workspace: 'Jobs A' });
  stranger = await buildUser(t.store.db, { workspace: 'Jobs B' });
});
afterAll(() => t.close());

describe('GET /api/jobs/:id', () => {
  it('shows a running job’s progress, then its outcome', async () => {
    const release = gate();
    const kind = testKind('test.import', async ({ progress }) => {
      progress({ processed: 5, total: 10 });
      await release.opened;
      progress({ processed: 10, total: 10 });
    });
    const { id } = await enqueueJob({
      db: t.store.db,
      workspaceId: owner.workspaceId,
      job: kind,
      payload: { n: 1 },
    });
    const api = apiAs(t.app, owner.token);
    const queued = await api.get(`/api/jobs/${id}`);
    expect(queued.status).toBe(200);
    expect(queued.body).toEqual({
      id,
      kind: 'test.import',
      status: 'queued',
      progress: { processed: 0, total: null },
      error: null,
      attempts: 0,
      maxAttempts: 5,
      createdAt: expect.any(String),
      finishedAt: null,
    });

    const runner = await startRunner({ db: t.store.db, kinds: jobKinds([kind]), ...FAST });
    try {
      await vi.waitFor(async () =>
        expect((await api.get(`/api/jobs/${id}`)).body).toMatchObject({
          status: 'running',
          progress: { processed: 5, total: 10 },
          attempts: 1,
        }),
      );
      release.open();
      await vi.waitFor(async () => expect((await api.get(`/api/jobs/${id}`)).body.status).toBe('done'));
    } finally {
      await runner.stop();
    }
    const done = (await api.get(`/api/jobs/${id}`)).body;
    expect(done).toMatchObject({ progress: { processed: 10, total: 10 }, error: null });
    expect(Date.parse(done.finishedAt)).toBeGreaterThanOrEqual(Date.parse(done.createdAt));
  });

  it('shows the error of a job that failed for good', async () => {
    const kind = testKind(
      'test.broken',
      async () => {
        throw new Error('The CSV has no header row');
      },
      1,
    );
    const { id } = await enqueueJob({
      db: t.store.db,
      workspaceId: owner.workspaceId,
      job: kind,
      payload: { n: 1 },
    });
    const runner = await startRunner({ db: t.store.db, kinds: jobKinds([kind]), ...FAST });
    const api = apiAs(t.app, owner.token);
    try {
      await vi.waitFor(async () => expect((await api.get(`/api/jobs/${id}`)).body.status).toBe('failed'));
    } finally {
      await runner.stop();
    }
    expect((await api.get(`/api/jobs/${id}`)).body).toMatchObject({
      error: 'The CSV has no header row',
      attempts: 1,
      maxAttempts: 1,
    });
  });

  it("answers 404 for another workspace's job, worded as for an unknown id", async () => {
    const kind = testKind('test.private', async () => {});
    const { id } = await enqueueJob({
      db: t.store.db,
      workspaceId: owner.workspaceId,
      job: kind,
      payload: { n: 1 },
    });
    const theirs = await apiAs(t.app, stranger.token).get(`/api/jobs/${id}`);
    expect(theirs.status).toBe(404);
    expect(theirs.body.error).toEqual({
      code: 'not_found',
      message: `Job ${id} was not found in this workspace`,
      fields: [{ field: 'params.id', message: 'not found' }],
    });
    const unknown = randomUUID();
    const missing = await apiAs(t.app, owner.token).get(`/api/jobs/${unknown}`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe(`Job ${unknown} was not found in this workspace`);
    expect((await apiAs(t.app).get(`/api/jobs/${id}`)).status).toBe(401);
  });
});
