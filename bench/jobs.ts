// `npx tsx bench/jobs.ts [--jobs 1000] [--backlog 10000]` (set DATABASE_URL for PostgreSQL)
// What the job queue costs per job on this store: enqueueing (one transaction each, as a request would),
// claiming and finishing one at a time (one worker, a handler that does nothing), the same behind a backlog
// of due jobs, and two runners of 4 slots each draining the queue together.
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { z } from 'zod';
import { openStore, queryRows, type Store } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { claimJob, completeJob, leaseOf } from '../src/domains/jobs/claim.ts';
import { defineJob, jobKinds } from '../src/domains/jobs/define-job.ts';
import { enqueueJob } from '../src/domains/jobs/enqueue.ts';
import { startRunner } from '../src/domains/jobs/runner.ts';
import { workspaces } from '../src/domains/workspaces/schema.ts';
import { withDatabase } from '../src/test/template.ts';

const Args = z.object({
  jobs: z.coerce.number().int().min(10).default(1000),
  backlog: z.coerce.number().int().min(0).default(10_000),
});
const { values } = parseArgs({ options: { jobs: { type: 'string' }, backlog: { type: 'string' } } });
const args = Args.parse(values);
const databaseUrl = process.env.DATABASE_URL;
const BENCH_DB = 'kith_bench_jobs';

async function openBench(): Promise<Store & { drop: () => Promise<void> }> {
  if (!databaseUrl) {
    const store = await openStore({});
    return { ...store, drop: () => store.close() };
  }
  const admin = new pg.Client({ connectionString: withDatabase(databaseUrl, 'postgres') });
  await admin.connect();
  await admin.query(`drop database if exists ${BENCH_DB} with (force)`);
  await admin.query(`create database ${BENCH_DB}`);
  const store = await openStore({ databaseUrl: withDatabase(databaseUrl, BENCH_DB) });
  return {
    ...store,
    drop: async () => {
      await store.close();
      await admin.query(`drop database if exists ${BENCH_DB} with (force)`);
      await admin.end();
    },
  };
}

const noop = defineJob({ kind: 'bench.noop', payload: z.object({ n: z.number() }), handler: async () => {} });
const kinds = jobKinds([noop]);
const store = await openBench();
await migrate(store);
const [workspace] = await store.db.insert(workspaces).values({ name: 'Bench' }).returning();
const workspaceId = workspace!.id;
const perJob = (ms: number, n: number) => `${((ms / n) * 1000).toFixed(0)} µs/job`;

async function timed(label: string, n: number, work: () => Promise<void>) {
  const started = performance.now();
  await work();
  const ms = performance.now() - started;
  console.log(`${label.padEnd(58)} ${ms.toFixed(0).padStart(6)} ms  ${perJob(ms, n)}`);
}

async function claimAndFinish(n: number) {
  for (let i = 0; i < n; i++) {
    const row = await claimJob({ db: store.db, workerId: 'bench', kinds: ['bench.noop'], leaseMs: 30_000 });
    if (!row) throw new Error('ran out of jobs');
    await completeJob({ db: store.db, lease: leaseOf(row), progress: null });
  }
}

console.log(`Store: ${store.kind}; ${args.jobs} jobs; backlog ${args.backlog}`);
await timed(`enqueue ${args.jobs}, no transaction (insert + notify)`, args.jobs, async () => {
  for (let n = 0; n < args.jobs; n++)
    await enqueueJob({ db: store.db, workspaceId, job: noop, payload: { n } });
});
await timed(`claim + finish ${args.jobs}, one worker, empty queue behind`, args.jobs, () =>
  claimAndFinish(args.jobs),
);
await timed(`enqueue ${args.jobs}, one transaction each`, args.jobs, async () => {
  for (let n = 0; n < args.jobs; n++) {
    await store.db.transaction((tx) => enqueueJob({ db: tx, workspaceId, job: noop, payload: { n } }));
  }
});
await store.db.execute(sql`delete from jobs`);
await store.db.execute(sql`insert into jobs (workspace_id, kind, payload, max_attempts)
  select ${workspaceId}, 'bench.noop', jsonb_build_object('n', g), 5 from generate_series(1, ${args.backlog}) g`);
await store.db.execute(sql`analyze jobs`);
await timed(`claim + finish ${args.jobs}, one worker, from a backlog of ${args.backlog} due`, args.jobs, () =>
  claimAndFinish(args.jobs),
);
await store.db.execute(sql`delete from jobs where status = 'queued'`);
await store.db.execute(sql`insert into jobs (workspace_id, kind, payload, max_attempts)
  select ${workspaceId}, 'bench.noop', jsonb_build_object('n', g), 5 from generate_series(1, ${args.jobs}) g`);
await timed(`run ${args.jobs} through 2 runners × 4 slots`, args.jobs, async () => {
  const runners = await Promise.all(
    [1, 2].map(() => startRunner({ db: store.db, kinds, listen: store.listen, concurrency: 4, pollMs: 50 })),
  );
  for (;;) {
    const [row] = await queryRows<{ n: number }>(
      store.db,
      sql`select count(*)::int as n from jobs where status <> 'done'`,
    );
    if (row?.n === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await Promise.all(runners.map((r) => r.stop()));
});
await store.drop();
