import type { Timing } from './measure.ts';
import type { SequencesResult } from './sequences.ts';

const n = (x: number) => x.toLocaleString('en');
const ms = (x: number) => x.toFixed(2);
const p = (t: Timing) => `p50 ${ms(t.p50)} ms, p99 ${ms(t.p99)} ms (n ${n(t.n)})`;

/** The report's lines for the outbox and the sequence tick (bench/sequences.ts); none when both were skipped. */
export function sequencesLines(s: SequencesResult | null): string[] {
  if (!s) return [];
  const lines = [
    `Sequences and the outbox (bench/sequences.ts): a workspace of ${n(s.contacts)} contacts written for them ` +
      `in ${s.setupSeconds} s; the job runner in ${s.worker.where}, ${s.worker.concurrency} job(s) at a time`,
  ];
  const o = s.outbox;
  if (o) {
    lines.push(
      `- Outbox, ${n(o.emails)} emails to the SMTP peer on loopback (bench/smtp-peer.ts; rate limits off: the mailbox's hourly and ` +
        `daily limits set to ${n(s.mailboxLimits)}; the check still runs): sent in ${o.sendSeconds} s, ` +
        `${n(o.sendPerSecond)} emails/s; bare nodemailer, same transport settings and concurrency, ` +
        `${o.bareSeconds.join(' s and ')} s (before and after), ${n(o.barePerSecond)} emails/s; ` +
        `Kith ${o.ratioToBare}× bare. Each received exactly once (distinct Message-IDs checked)`,
      `  queued first through queueEmail, one transaction each: ${o.queueSeconds} s, ${n(o.queuePerSecond)}/s; ` +
        `one send job took ${o.jobMs.firstTenth} ms on average among the first tenth to finish, ` +
        `${o.jobMs.lastTenth} ms among the last`,
    );
  }
  const t = s.tick;
  if (t) {
    const states = Object.entries(t.outcome.enrollments)
      .map(([state, count]) => `${n(count)} ${state}`)
      .join(', ');
    lines.push(
      `- Sequence tick, ${n(t.enrollments)} active enrolments due now (half "call, then email", stopping on a ` +
        `company reply; half "email, then task"): ${t.seconds} s, ${n(t.perSecond)} enrolments/s ` +
        `(${n(t.secondsPer100k)} s per 100,000); the same runner with ${n(t.enrollments)} no-op jobs ` +
        `${t.echoSeconds} s, ${n(t.echoPerSecond)}/s; the tick ${t.ratioToEcho}× the bare runner's rate`,
      `  after it: ${states}; ${n(t.outcome.emailsQueued)} emails queued, ${n(t.outcome.nextStepsAdded)} next ` +
        `steps added, ${n(t.outcome.nextStepsPlanned)} later steps planned; one advance job took ` +
        `${t.jobMs.firstTenth} ms on average among the first tenth, ${t.jobMs.lastTenth} ms among the last ` +
        `(no-op: ${t.echoJobMs.firstTenth} and ${t.echoJobMs.lastTenth} ms)`,
      `- Today through the API while the tick runs: ${p(t.today.duringTick)}; idle before ${p(t.today.idleBefore)}, ` +
        `after ${p(t.today.idleAfter)}; while the no-op jobs run ${p(t.today.duringEcho)}; ` +
        `p99 during the tick ${t.today.ratioP99}× idle`,
    );
    const failed = [
      ...t.today.failedDuringEcho.map((e) => `while the no-op jobs ran: ${e}`),
      ...t.today.failedDuringTick.map((e) => `while the tick ran: ${e}`),
    ];
    if (failed.length > 0)
      lines.push(`  Today requests that FAILED (counted with their wait): ${failed.join('; ')}`);
  }
  return lines;
}
