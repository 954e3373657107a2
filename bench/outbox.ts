// Outbox throughput against a local SMTP peer: N emails queued through queueEmail (one transaction each, as
// POST /api/emails does), then sent by the job runner (bench/bench-worker.ts) to an SMTP peer on loopback
// (bench/smtp-peer.ts),
// against nodemailer sending the same N messages to the same sink bare: the same transport settings
// (smtpTransport, one connection per email, as send.ts opens it), as many at a time as the runner runs jobs.
// The ratio says what Kith's bookkeeping costs per email: the claim under the row's lock, the stop rules and
// suppressions, the send limits, recording the touch, and the job itself. Called by bench/sequences.ts.
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../src/db/client.ts';
import { inTransaction } from '../src/db/transaction.ts';
import { smtpTransport } from '../src/domains/mailboxes/smtp.ts';
import { queueEmail } from '../src/domains/outbox/queue.ts';
import type { BenchWorker } from './bench-worker.ts';
import type { SeqWorkspace } from './sequences-setup.ts';
import type { SmtpPeer } from './smtp-peer.ts';

export type OutboxResult = {
  emails: number;
  queueSeconds: number;
  queuePerSecond: number;
  sendSeconds: number;
  sendPerSecond: number;
  /** The bare nodemailer run before Kith's and the one after; the limit is their mean. */
  bareSeconds: [number, number];
  barePerSecond: number;
  /** Kith's throughput as a share of bare nodemailer's. */
  ratioToBare: number;
  /** Mean duration of one send job among the first and the last tenth to finish, in ms. */
  jobMs: { firstTenth: number; lastTenth: number };
};

type Message = { to: string; subject: string; text: string; html: string; messageId: string };

const round = (x: number, places = 2) => Math.round(x * 10 ** places) / 10 ** places;

/** The mean of the first and of the last tenth of a list of durations. */
export function tenths(durationsMs: number[]) {
  const k = Math.max(1, Math.floor(durationsMs.length / 10));
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
  return { firstTenth: round(mean(durationsMs.slice(0, k))), lastTenth: round(mean(durationsMs.slice(-k))) };
}

/** Sends the messages with nodemailer alone, `concurrency` at a time, one connection per message. */
async function sendBare(sink: SmtpPeer, messages: Message[], concurrency: number): Promise<number> {
  const login = { host: sink.host, port: sink.port, tls: 'none' as const, username: null, password: null };
  let next = 0;
  const lane = async () => {
    while (next < messages.length) {
      const m = messages[next++]!;
      const transport = smtpTransport(login);
      try {
        await transport.sendMail({
          from: 'owner@seq.bench.test',
          to: m.to,
          subject: m.subject,
          text: m.text,
          html: m.html,
          messageId: m.messageId,
          headers: { 'X-Kith-Outbox-Id': 'bare' },
        });
      } finally {
        transport.close();
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, lane));
  return (performance.now() - started) / 1000;
}

/** Fails loudly unless the sink got exactly these Message-IDs, each once. */
function checkReceived(sink: SmtpPeer, expected: string[], what: string) {
  const got = sink.received;
  const distinct = new Set(got);
  const missing = expected.filter((id) => !distinct.has(id));
  if (got.length !== expected.length || distinct.size !== expected.length || missing.length > 0) {
    throw new Error(
      `${what}: the sink received ${got.length} emails (${distinct.size} distinct Message-IDs) for ` +
        `${expected.length} sent, ${missing.length} missing`,
    );
  }
  sink.received.length = 0;
}

/** Queues `emails` emails to the workspace's contacts and times sending them, against bare nodemailer. */
export async function benchOutbox(options: {
  db: Db;
  seq: SeqWorkspace;
  sink: SmtpPeer;
  emails: number;
  startWorker: () => Promise<BenchWorker>;
}): Promise<OutboxResult> {
  const { db, seq, sink, emails } = options;
  const w = sql`${seq.workspaceId}::uuid`;
  const recipients = await queryRows<{ id: string }>(
    db,
    sql`select id from contacts where workspace_id = ${w} and not do_not_contact order by id limit ${emails}`,
  );
  if (recipients.length < emails) throw new Error(`only ${recipients.length} contacts to write to`);
  const started = performance.now();
  for (const contact of recipients) {
    await inTransaction(db, (tx) =>
      queueEmail({
        db: tx,
        workspaceId: seq.workspaceId,
        actorId: seq.ownerId,
        contactId: contact.id,
        mailboxId: seq.mailboxId,
        source: 'manual',
        content: { subject: 'Hello {{contact.firstName}}', body: 'Hi {{contact.firstName}}, a quick note.' },
      }),
    );
  }
  const queueSeconds = (performance.now() - started) / 1000;
  // Held back until the runner is up, so the timed part is the sending alone.
  const sendJobs = sql`workspace_id = ${w} and kind = 'outbox.send' and status = 'queued'`;
  await db.execute(sql`update jobs set run_at = now() + interval '1 day' where ${sendJobs}`);
  const rows = await queryRows<Message>(
    db,
    sql`select to_address as "to", subject, body_text as text, body_html as html, message_id as "messageId"
        from outbox where workspace_id = ${w} and status = 'queued'`,
  );
  const bare = (turn: number) =>
    rows.map((m) => ({ ...m, messageId: m.messageId.replace('<', `<bare-${turn}-`) }));

  const worker = await options.startWorker();
  try {
    const bareBefore = await sendBare(sink, bare(1), worker.concurrency);
    checkReceived(
      sink,
      bare(1).map((m) => m.messageId),
      'bare nodemailer',
    );
    const sent = await worker.drain(rows.length, async () => {
      await db.execute(sql`update jobs set run_at = now() where ${sendJobs}`);
      await db.execute(sql`select pg_notify('kith_jobs', '')`);
    });
    checkReceived(
      sink,
      rows.map((m) => m.messageId),
      'the outbox',
    );
    const [counts] = await queryRows<{ sent: number }>(
      db,
      sql`select count(*) filter (where status = 'sent')::int as sent from outbox where workspace_id = ${w}`,
    );
    if (counts?.sent !== emails) throw new Error(`${counts?.sent} of ${emails} outbox rows are sent`);
    const bareAfter = await sendBare(sink, bare(2), worker.concurrency);
    checkReceived(
      sink,
      bare(2).map((m) => m.messageId),
      'bare nodemailer',
    );
    const bareSeconds = (bareBefore + bareAfter) / 2;
    return {
      emails,
      queueSeconds: round(queueSeconds),
      queuePerSecond: Math.round(emails / queueSeconds),
      sendSeconds: round(sent.seconds),
      sendPerSecond: Math.round(emails / sent.seconds),
      bareSeconds: [round(bareBefore), round(bareAfter)],
      barePerSecond: Math.round(emails / bareSeconds),
      ratioToBare: round(bareSeconds / sent.seconds),
      jobMs: tenths(sent.durationsMs),
    };
  } finally {
    await worker.stop();
  }
}
