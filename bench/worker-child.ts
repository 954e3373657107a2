// The benchmark's worker process on PostgreSQL (bench/bench-worker.ts starts it): the job runner with the
// kinds it is given, as `kith worker` runs it, so that the benchmark's own event loop (its HTTP client timing
// Today) shares nothing with the jobs. It says `ready`, then reports each batch of outcomes it is asked to wait
// for over the IPC channel, and stops on `stop`.
import { openStore } from '../src/db/client.ts';
import { jobKinds } from '../src/domains/jobs/define-job.ts';
import type { JobOutcome } from '../src/domains/jobs/execute.ts';
import { startRunner } from '../src/domains/jobs/runner.ts';
import { JOB_KINDS } from '../src/server/job-kinds.ts';
import { type ChildMessage, type ParentMessage, WorkerEnv } from './bench-worker.ts';

const env = WorkerEnv.parse(process.env);
const send = (message: ChildMessage) => process.send?.(message);
const store = await openStore({ databaseUrl: env.KITH_BENCH_DATABASE_URL });
const kinds = jobKinds(env.KITH_BENCH_KINDS.split(',').map((k) => JOB_KINDS.get(k)!));

let expected = 0;
let durationsMs: number[] = [];
const onOutcome = (outcome: JobOutcome) => {
  if (outcome.status !== 'done') {
    send({ type: 'failed', outcome });
    return;
  }
  durationsMs.push(outcome.durationMs);
  if (durationsMs.length === expected) send({ type: 'finished', durationsMs });
};
const runner = await startRunner({
  db: store.db,
  kinds,
  listen: store.listen,
  concurrency: env.KITH_BENCH_CONCURRENCY,
  onOutcome,
});

process.on('message', async (message: ParentMessage) => {
  if (message.type === 'expect') {
    expected = message.count;
    durationsMs = [];
    send({ type: 'expecting' });
    return;
  }
  await runner.stop();
  await store.close();
  send({ type: 'stopped' });
  process.disconnect();
});
send({ type: 'ready' });
