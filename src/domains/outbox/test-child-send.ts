import { sql } from 'drizzle-orm';
import { openStore, queryRows } from '../../db/client.ts';
import { JOB_KINDS } from '../../server/job-kinds.ts';
import { startRunner } from '../jobs/runner.ts';

// A worker process for send-process.test.ts: the job runner with every kind (so `outbox.send`), on
// PostgreSQL or on the embedded store's data directory, until the test kills it with SIGKILL. With
// KITH_TEST_SEND_FINISH set it instead reports the outbox's counts and exits once no email is queued or
// sending: the embedded store allows one process, so the test cannot look for itself while this one runs.

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const workspaceId = env('KITH_TEST_SEND_WORKSPACE');
env('KITH_SECRET');
const store = process.env.KITH_TEST_SEND_DATABASE_URL
  ? await openStore({ databaseUrl: process.env.KITH_TEST_SEND_DATABASE_URL, poolSize: 6 })
  : await openStore({ dataDir: env('KITH_TEST_SEND_DATA_DIR') });

const runner = await startRunner({
  db: store.db,
  kinds: JOB_KINDS,
  listen: store.listen,
  workerId: env('KITH_TEST_SEND_WORKER'),
  concurrency: 4,
  pollMs: 50,
  // Short, so a killed worker's jobs go to the other soon; the heartbeat renews it many times over.
  leaseMs: 4000,
  heartbeatMs: 200,
  progressMs: 200,
  backoff: { baseMs: 20, capMs: 200 },
  stopGraceMs: 2000,
});
process.stdout.write('ready\n');

if (process.env.KITH_TEST_SEND_FINISH) {
  for (;;) {
    const [counts] = await queryRows<{ open: number; sent: number; failed: number }>(
      store.db,
      sql`select count(*) filter (where status in ('queued', 'sending'))::int as open,
            count(*) filter (where status = 'sent')::int as sent,
            count(*) filter (where status = 'failed')::int as failed
          from outbox where workspace_id = ${workspaceId}::uuid`,
    );
    process.stdout.write(`counts ${JSON.stringify(counts)}\n`);
    if (counts && counts.open === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await runner.stop();
  await store.close();
  process.stdout.write('done\n');
}
