import { openStore } from '../../db/client.ts';
import { jobKinds } from './define-job.ts';
import { startRunner } from './runner.ts';
import { FAST, testKind } from './test-kinds.ts';

// A worker process for runner-process.test.ts: it runs `test.killed` jobs, whose handler says it started and
// then never finishes, until the test kills this process with SIGKILL mid-job.

const url = process.env.KITH_TEST_WORKER_DATABASE_URL;
if (!url) throw new Error('KITH_TEST_WORKER_DATABASE_URL is not set');
const store = await openStore({ databaseUrl: url, poolSize: 2 });
const blocking = testKind('test.killed', async ({ jobId }) => {
  process.stdout.write(`started ${jobId}\n`);
  await new Promise(() => {});
});
await startRunner({
  db: store.db,
  kinds: jobKinds([blocking]),
  listen: store.listen,
  ...FAST,
  leaseMs: 2000,
  heartbeatMs: 100,
  workerId: 'child',
});
process.stdout.write('ready\n');
