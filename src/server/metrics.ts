import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from '../db/client.ts';
import type { JobOutcome } from '../domains/jobs/execute.ts';
import { JOB_STATUSES } from '../domains/jobs/schema.ts';
import { type JobStats, readJobStats } from '../domains/jobs/stats.ts';
import { AppError } from '../shared/errors.ts';
import { JOB_KINDS } from './job-kinds.ts';

/** This process's Prometheus metrics: what its HTTP routes and its job runner record, and the job queue. */
export type Metrics = {
  registry: Registry;
  /** Counts an attempt of a job that this process ran (failures by kind; the runner's onOutcome). */
  recordJob: (outcome: JobOutcome) => void;
};

const QUEUE_STATUSES = JOB_STATUSES.filter((s) => s !== 'done');

/**
 * Creates the metrics of one app: HTTP durations by route pattern (recorded by registerMetrics), job
 * attempts and failures by kind, and, read from the store at each scrape, the queue by kind and status and
 * the age of the oldest queued job. The queue figures cover every worker of the deployment; the attempt
 * counters, each process's own (sum them across processes).
 */
export function createMetrics(options: { db: Db; processMetrics?: boolean }): Metrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  // One store read per scrape, shared by the gauges that show it.
  let reading: Promise<JobStats> | null = null;
  const stats = () => {
    reading ??= readJobStats({ db: options.db }).finally(() => {
      reading = null;
    });
    return reading;
  };
  new Gauge({
    name: 'kith_jobs',
    help: 'Jobs that are queued, running or failed, by kind and status',
    labelNames: ['kind', 'status'],
    registers: [registry],
    async collect() {
      const { counts } = await stats();
      this.reset();
      for (const kind of JOB_KINDS.keys()) for (const status of QUEUE_STATUSES) this.set({ kind, status }, 0);
      for (const row of counts) this.set({ kind: row.kind, status: row.status }, row.count);
    },
  });
  new Gauge({
    name: 'kith_job_oldest_queued_seconds',
    help: 'How long the oldest queued job that is due has waited for a worker (0 when none waits)',
    registers: [registry],
    async collect() {
      this.set((await stats()).oldestQueuedSeconds);
    },
  });
  const attempts = new Counter({
    name: 'kith_job_attempts_total',
    help: 'Job attempts this process ran, by kind and outcome (done, retry, failed, released, lost)',
    labelNames: ['kind', 'outcome'],
    registers: [registry],
  });
  const failures = new Counter({
    name: 'kith_job_failures_total',
    help: 'Failed job attempts this process ran, by kind (retried or failed for good)',
    labelNames: ['kind'],
    registers: [registry],
  });
  new Histogram({
    name: 'kith_http_request_duration_seconds',
    help: 'HTTP request durations by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return {
    registry,
    recordJob: (outcome) => {
      attempts.inc({ kind: outcome.kind, outcome: outcome.status });
      if (outcome.status === 'retry' || outcome.status === 'failed') failures.inc({ kind: outcome.kind });
    },
  };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/** True when the request carries `Authorization: Bearer <token>`, compared in constant time. */
function hasToken(request: FastifyRequest, token: string): boolean {
  const header = request.headers.authorization ?? '';
  const given = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
  return timingSafeEqual(sha256(given), sha256(token));
}

/**
 * Times every request by its route pattern (`/api/contacts/:id`, never the raw URL, so ids do not each make
 * a series) and serves GET /metrics: public, or only with `Authorization: Bearer $KITH_METRICS_TOKEN` when
 * that is set.
 */
export function registerMetrics(app: FastifyInstance, options: { metrics: Metrics; token?: string }): void {
  const { registry } = options.metrics;
  const durations = registry.getSingleMetric('kith_http_request_duration_seconds') as Histogram;
  app.addHook('onResponse', async (request, reply) => {
    durations.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });
  app.get('/metrics', { config: { auth: 'public' }, schema: { hide: true } }, async (request, reply) => {
    if (options.token && !hasToken(request, options.token)) {
      throw new AppError('unauthenticated', 'GET /metrics needs the bearer token set in KITH_METRICS_TOKEN');
    }
    const text = await registry.metrics();
    return reply.type(registry.contentType).send(text);
  });
}
