// The job runner the sequences and outbox benchmarks time, as Kith deploys it on each store: on PGlite in the
// benchmark's own process beside the API (as `kith serve` runs both there, one job at a time by default); on
// PostgreSQL as a process of its own (bench/worker-child.ts, as `kith worker`, 4 jobs at a time by default).
// The timed part starts when the jobs become due and ends when the runner has finished the last of them.
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Store } from '../src/db/client.ts';
import { jobKinds } from '../src/domains/jobs/define-job.ts';
import type { JobOutcome } from '../src/domains/jobs/execute.ts';
import { startRunner } from '../src/domains/jobs/runner.ts';
import { JOB_KINDS } from '../src/server/job-kinds.ts';

export const WorkerEnv = z.object({
  KITH_BENCH_DATABASE_URL: z.string().min(1),
  KITH_BENCH_KINDS: z.string().min(1),
  KITH_BENCH_CONCURRENCY: z.coerce.number().int().min(1).max(32),
});

export type ParentMessage = { type: 'expect'; count: number } | { type: 'stop' };
export type ChildMessage =
  | { type: 'ready' | 'expecting' | 'stopped' }
  | { type: 'finished'; durationsMs: number[] }
  | { type: 'failed'; outcome: JobOutcome };

export type Drained = { seconds: number; durationsMs: number[] };

export type BenchWorker = {
  /** Where the runner runs, for the report. */
  where: string;
  concurrency: number;
  /**
   * Runs `release` (which makes `count` jobs of the worker's kinds due) and waits until the runner has
   * finished `count` jobs: the seconds from the release's commit to the last, and each job's duration in the
   * order they finished. Any attempt that does not end `done` fails the benchmark.
   */
  drain: (count: number, release: () => Promise<void>) => Promise<Drained>;
  stop: () => Promise<void>;
};

const CHILD = fileURLToPath(new URL('./worker-child.ts', import.meta.url));

/** Starts a runner of `kinds` on the bench store, in this process (PGlite) or its own (PostgreSQL). */
export async function startBenchWorker(options: {
  store: Store;
  databaseUrl: string | null;
  kinds: string[];
  concurrency: number;
}): Promise<BenchWorker> {
  if (options.store.kind === 'pglite' || !options.databaseUrl) return inProcess(options);
  return inChild({ ...options, databaseUrl: options.databaseUrl });
}

function failure(outcome: JobOutcome): Error {
  return new Error(`a ${outcome.kind} job ended ${outcome.status}; the benchmark expects every job done`);
}

async function inProcess(options: { store: Store; kinds: string[]; concurrency: number }) {
  let expected = 0;
  let durationsMs: number[] = [];
  let settle: { resolve: () => void; reject: (error: Error) => void } | null = null;
  const runner = await startRunner({
    db: options.store.db,
    kinds: jobKinds(options.kinds.map((k) => JOB_KINDS.get(k)!)),
    listen: options.store.listen,
    concurrency: options.concurrency,
    onOutcome: (outcome) => {
      if (outcome.status !== 'done') return settle?.reject(failure(outcome));
      durationsMs.push(outcome.durationMs);
      if (durationsMs.length === expected) settle?.resolve();
    },
  });
  return {
    where: 'in the benchmark process, beside the API (as kith serve runs it on PGlite)',
    concurrency: options.concurrency,
    drain: async (count: number, release: () => Promise<void>) => {
      expected = count;
      durationsMs = [];
      const finished = new Promise<void>((resolve, reject) => {
        settle = { resolve, reject };
      });
      await release();
      const started = performance.now();
      runner.wake();
      await finished;
      return { seconds: (performance.now() - started) / 1000, durationsMs };
    },
    stop: () => runner.stop(),
  } satisfies BenchWorker;
}

/** The next message of the child's that satisfies `accept`; a failure report or an exit rejects. */
function nextMessage(child: ChildProcess, accept: (m: ChildMessage) => boolean): Promise<ChildMessage> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: ChildMessage) => {
      if (m.type === 'failed') return finish(() => reject(failure(m.outcome)));
      if (accept(m)) finish(() => resolve(m));
    };
    const onExit = (code: number | null) =>
      finish(() => reject(new Error(`the bench worker exited (${code}) before it was done`)));
    const finish = (then: () => void) => {
      child.off('message', onMessage);
      child.off('exit', onExit);
      then();
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

async function inChild(options: { databaseUrl: string; kinds: string[]; concurrency: number }) {
  const child = fork(CHILD, [], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      KITH_BENCH_DATABASE_URL: options.databaseUrl,
      KITH_BENCH_KINDS: options.kinds.join(','),
      KITH_BENCH_CONCURRENCY: String(options.concurrency),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await nextMessage(child, (m) => m.type === 'ready');
  return {
    where: 'its own process (bench/worker-child.ts, the runner as kith worker runs it)',
    concurrency: options.concurrency,
    drain: async (count: number, release: () => Promise<void>) => {
      const expecting = nextMessage(child, (m) => m.type === 'expecting');
      child.send({ type: 'expect', count } satisfies ParentMessage);
      await expecting;
      const finished = nextMessage(child, (m) => m.type === 'finished');
      await release();
      const started = performance.now();
      const last = await finished;
      const seconds = (performance.now() - started) / 1000;
      return { seconds, durationsMs: last.type === 'finished' ? last.durationsMs : [] };
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      const stopped = once(child, 'exit');
      child.send({ type: 'stop' } satisfies ParentMessage);
      await stopped;
    },
  } satisfies BenchWorker;
}
