// Issue 19's speed figures for sequences and the outbox, on the store run.ts opened, in a workspace of their
// own (bench/sequences-setup.ts): the outbox's throughput against bare nodemailer (bench/outbox.ts), and the
// sequence tick: N active enrolments whose first step is due now, run by the job runner as `sequences.advance`
// jobs, against the same runner running N no-op jobs (`demo.echo` with no steps), so the ratio says what the
// stop rules and the steps cost over the runner itself. Today's latency through the API is timed idle, while
// the no-op jobs run, and while the tick runs. run.ts calls it: `--enrollments N` (0 skips the tick) and
// `--outbox-emails N` (0 skips the outbox); figures in docs/benchmarks.md.
import { sql } from 'drizzle-orm';
import type { Store } from '../src/db/client.ts';
import { type BenchWorker, type Drained, startBenchWorker } from './bench-worker.ts';
import { getOk, type MeasureOptions, measure, type Timing } from './measure.ts';
import { benchOutbox, type OutboxResult, tenths } from './outbox.ts';
import {
  createSeqWorkspace,
  dropSeqWorkspace,
  enrolDue,
  LIMITS_OFF,
  MIX,
  type SeqWorkspace,
  tickOutcome,
} from './sequences-setup.ts';
import { type SmtpPeer, startSmtpPeer } from './smtp-peer.ts';

const log = (m: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${m}\n`);
const round = (x: number, places = 2) => Math.round(x * 10 ** places) / 10 ** places;

export type TickResult = {
  enrollments: number;
  seconds: number;
  perSecond: number;
  /** The same rate, as the time 100,000 enrolments would take. */
  secondsPer100k: number;
  echoSeconds: number;
  echoPerSecond: number;
  /** The tick's throughput as a share of the no-op jobs'. */
  ratioToEcho: number;
  jobMs: { firstTenth: number; lastTenth: number };
  echoJobMs: { firstTenth: number; lastTenth: number };
  outcome: Awaited<ReturnType<typeof tickOutcome>>;
  /** Today (the bench workspace's owner, limit 50) through the API. */
  today: {
    idleBefore: Timing;
    duringEcho: Timing;
    duringTick: Timing;
    idleAfter: Timing;
    /** p99 while the tick runs over p99 idle before it. */
    ratioP99: number;
    /** Requests that failed while the jobs ran (they count in the timings with the time they waited). */
    failedDuringEcho: string[];
    failedDuringTick: string[];
  };
};

export type SequencesResult = {
  worker: { where: string; concurrency: number };
  mix: typeof MIX;
  mailboxLimits: number;
  contacts: number;
  setupSeconds: number;
  outbox: OutboxResult | null;
  tick: TickResult | null;
};

type Options = {
  store: Store;
  /** The bench database's URL on PostgreSQL, for the worker process. */
  databaseUrl: string | null;
  concurrency: number;
  enrollments: number;
  outboxEmails: number;
  /** Today's URL and the owner's token, with the timing options run.ts uses for Today. */
  todayUrl: string;
  token: string;
  timing: MeasureOptions;
};

/** Times Today through the API for as long as `drain` runs, and answers both. */
/**
 * Times Today through the API for as long as `drain` runs, and answers both. A request that fails (the
 * server dropped the connection) counts with the time it waited, and its error is kept for the report.
 */
async function todayDuring(options: Options, drain: () => Promise<Drained>) {
  let isDraining = true;
  const draining = drain().finally(() => {
    isDraining = false;
  });
  const failures: string[] = [];
  const today = await measure(
    { ...options.timing, n: Number.MAX_SAFE_INTEGER, warmup: 0, while: () => isDraining },
    async () => {
      const started = performance.now();
      await getOk(options.todayUrl, options.token).catch((error: Error) => {
        failures.push(`${error.message} after ${Math.round((performance.now() - started) / 1000)} s`);
      });
    },
  );
  const drained = await draining;
  if (today.n === 0) throw new Error('the jobs finished before Today was timed once: run more of them');
  return { drained, today, failures };
}

async function benchTick(
  options: Options,
  seq: SeqWorkspace,
  sink: SmtpPeer,
  worker: (kind: string) => Promise<BenchWorker>,
): Promise<TickResult> {
  const { db } = options.store;
  const n = options.enrollments;
  const w = sql`${seq.workspaceId}::uuid`;
  await enrolDue({ db, seq, count: n });
  const idle = { ...options.timing };
  const todayOnce = async () => {
    await getOk(options.todayUrl, options.token);
  };
  const idleBefore = await measure(idle, todayOnce);

  log(`sequences: ${n} no-op jobs through the bare runner`);
  let runner: BenchWorker = await worker('demo.echo');
  const echo = await todayDuring(options, () =>
    runner.drain(n, async () => {
      await db.execute(sql`insert into jobs (workspace_id, kind, payload, max_attempts)
        select ${w}, 'demo.echo', '{"message":"bench","steps":0}'::jsonb, 5 from generate_series(1, ${n})`);
      await db.execute(sql`select pg_notify('kith_jobs', '')`);
    }),
  );
  await runner.stop();
  await db.execute(sql`delete from jobs where workspace_id = ${w} and kind = 'demo.echo'`);

  log(`sequences: the tick, ${n} due enrolments`);
  runner = await worker('sequences.advance');
  const tick = await todayDuring(options, () =>
    runner.drain(n, async () => {
      await db.execute(sql`insert into jobs (workspace_id, kind, payload, max_attempts)
        select workspace_id, 'sequences.advance', jsonb_build_object('enrollmentId', id), 5
        from sequence_enrollments where workspace_id = ${w} and status = 'active'`);
      await db.execute(sql`select pg_notify('kith_jobs', '')`);
    }),
  );
  await runner.stop();
  const idleAfter = await measure(idle, todayOnce);
  const outcome = await tickOutcome(db, seq);
  if (sink.received.length > 0) throw new Error('the tick sent email: its worker should only advance');
  const seconds = tick.drained.seconds;
  return {
    enrollments: n,
    seconds: round(seconds, 1),
    perSecond: Math.round(n / seconds),
    secondsPer100k: Math.round((seconds / n) * 100_000),
    echoSeconds: round(echo.drained.seconds, 1),
    echoPerSecond: Math.round(n / echo.drained.seconds),
    ratioToEcho: round(echo.drained.seconds / seconds),
    jobMs: tenths(tick.drained.durationsMs),
    echoJobMs: tenths(echo.drained.durationsMs),
    outcome,
    today: {
      idleBefore,
      duringEcho: echo.today,
      duringTick: tick.today,
      idleAfter,
      ratioP99: round(tick.today.p99 / idleBefore.p99),
      failedDuringEcho: echo.failures,
      failedDuringTick: tick.failures,
    },
  };
}

/** Runs the outbox and the tick benchmarks in a workspace made for them, then drops it. */
export async function benchSequences(options: Options): Promise<SequencesResult> {
  const { db } = options.store;
  const sink = await startSmtpPeer();
  const contacts = Math.max(options.enrollments, options.outboxEmails, 10);
  let started = performance.now();
  log(`sequences: writing a workspace of ${contacts} contacts`);
  const seq = await createSeqWorkspace({ db, contacts, smtp: sink });
  const setupSeconds = round((performance.now() - started) / 1000, 1);
  let where = '';
  const startWorker = async (kind: string) => {
    const worker = await startBenchWorker({ ...options, kinds: [kind] });
    where = worker.where;
    return worker;
  };
  try {
    let outbox: OutboxResult | null = null;
    if (options.outboxEmails > 0) {
      log(`sequences: outbox, ${options.outboxEmails} emails`);
      outbox = await benchOutbox({
        db,
        seq,
        sink,
        emails: options.outboxEmails,
        startWorker: () => startWorker('outbox.send'),
      });
      log(`sequences: outbox ${outbox.sendPerSecond}/s, bare ${outbox.barePerSecond}/s`);
    }
    const tick = options.enrollments > 0 ? await benchTick(options, seq, sink, startWorker) : null;
    if (tick) log(`sequences: tick ${tick.perSecond}/s, no-op jobs ${tick.echoPerSecond}/s`);
    return {
      worker: { where, concurrency: options.concurrency },
      mix: MIX,
      mailboxLimits: LIMITS_OFF,
      contacts,
      setupSeconds,
      outbox,
      tick,
    };
  } finally {
    started = performance.now();
    await dropSeqWorkspace(db, seq.workspaceId);
    log(`sequences: workspace dropped in ${round((performance.now() - started) / 1000, 1)} s`);
    await sink.stop();
  }
}
