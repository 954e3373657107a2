import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { jobKinds } from '../domains/jobs/define-job.ts';
import { enqueueJob } from '../domains/jobs/enqueue.ts';
import { startRunner } from '../domains/jobs/runner.ts';
import { FAST, testKind } from '../domains/jobs/test-kinds.ts';
import { buildUser, type TestUser } from '../domains/workspaces/factories.ts';
import { openTestStore, type TestStore } from '../test/test-store.ts';
import { buildApp } from './app.ts';
import { createMetrics } from './metrics.ts';

let store: TestStore;
let owner: TestUser;

beforeAll(async () => {
  store = await openTestStore();
  owner = await buildUser(store.db);
});
afterAll(() => store.close());

async function appWith(options: { token?: string } = {}) {
  const metrics = createMetrics({ db: store.db });
  const app = await buildApp({ db: store.db, metrics, metricsToken: options.token });
  await app.ready();
  return { app, metrics };
}

/** The value of one sample in the text format, such as `kith_jobs{kind="x",status="queued"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  it('shows request durations by route pattern, the queue by kind and status, and failures by kind', async () => {
    const { app, metrics } = await appWith();
    try {
      const failing = testKind(
        'test.metrics-fail',
        async () => {
          throw new Error('no');
        },
        2,
      );
      const waiting = testKind('test.metrics-wait', async () => {});
      await enqueueJob({ db: store.db, workspaceId: owner.workspaceId, job: waiting, payload: { n: 1 } });
      await enqueueJob({ db: store.db, workspaceId: owner.workspaceId, job: waiting, payload: { n: 2 } });
      const failed = await enqueueJob({
        db: store.db,
        workspaceId: owner.workspaceId,
        job: failing,
        payload: { n: 1 },
      });
      const runner = await startRunner({
        db: store.db,
        kinds: jobKinds([failing]),
        ...FAST,
        onOutcome: metrics.recordJob,
      });
      const api = (url: string) =>
        app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${owner.token}` } });
      try {
        await vi.waitFor(async () =>
          expect((await api(`/api/jobs/${failed.id}`)).json().status).toBe('failed'),
        );
      } finally {
        await runner.stop();
      }
      const unknown = randomUUID();
      expect((await api(`/api/jobs/${unknown}`)).statusCode).toBe(404);

      const res = await app.inject({ method: 'GET', url: '/metrics' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/plain');
      const text = res.body;
      expect(sample(text, 'kith_jobs{kind="test.metrics-wait",status="queued"}')).toBe(2);
      expect(sample(text, 'kith_jobs{kind="test.metrics-fail",status="failed"}')).toBe(1);
      // Every registered kind is listed, at 0 when it has nothing open.
      expect(sample(text, 'kith_jobs{kind="demo.echo",status="running"}')).toBe(0);
      expect(sample(text, 'kith_job_oldest_queued_seconds')).toBeGreaterThan(0);
      expect(sample(text, 'kith_job_failures_total{kind="test.metrics-fail"}')).toBe(2);
      expect(sample(text, 'kith_job_attempts_total{kind="test.metrics-fail",outcome="retry"}')).toBe(1);
      expect(sample(text, 'kith_job_attempts_total{kind="test.metrics-fail",outcome="failed"}')).toBe(1);
      expect(
        sample(
          text,
          'kith_http_request_duration_seconds_count{method="GET",route="/api/jobs/:id",status_code="404"}',
        ),
      ).toBe(1);
      // Labelled by the pattern, so no id becomes a series.
      expect(text).not.toContain(unknown);
    } finally {
      await app.close();
    }
  });

  it('answers only with the bearer token when KITH_METRICS_TOKEN is set', async () => {
    const token = 'metrics-secret-0123456789';
    const { app } = await appWith({ token });
    try {
      const without = await app.inject({ method: 'GET', url: '/metrics' });
      expect(without.statusCode).toBe(401);
      expect(without.json().error.message).toContain('KITH_METRICS_TOKEN');
      const wrong = await app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: 'Bearer nope' },
      });
      expect(wrong.statusCode).toBe(401);
      // A user's API token is not the metrics token.
      const user = await app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: `Bearer ${owner.token}` },
      });
      expect(user.statusCode).toBe(401);
      const right = await app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(right.statusCode).toBe(200);
      expect(right.body).toContain('kith_jobs');
    } finally {
      await app.close();
    }
  });
});
