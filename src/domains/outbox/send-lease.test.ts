import { setTimeout as sleep } from 'node:timers/promises';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { JOB_KINDS } from '../../server/job-kinds.ts';
import { type Dovecot, hasDovecot, startDovecot } from '../../test/dovecot.ts';
import { type Api, apiAs, openTestApp, type TestApp } from '../../test/http.ts';
import { deliver } from '../../test/mail.ts';
import { type Received, type SmtpSink, startSmtpSink } from '../../test/smtp-sink.ts';
import { buildContact } from '../contacts/factories.ts';
import { runJobNow } from '../jobs/run-now.ts';
import { sealKey } from '../mailboxes/settings.ts';
import { buildUser, type TestUser } from '../workspaces/factories.ts';
import { outbox } from './schema.ts';
import { sendQueued } from './send.ts';

// A stalled worker must not send twice. The SMTP sink here is a slow server: it holds its reply to the end of
// DATA for a while, and (with Dovecot) files what it accepts in the sender's Sent folder as it accepts it, as
// Gmail does. Before the per-email lease, a second worker that took the job over while the first waited found
// nothing in Sent yet and sent the email again; the sink counts every Message-ID it accepts.

const LOGIN = { user: 'lease@kith.test', pass: 'pw-lease-1' };
let t: TestApp;
let sink: SmtpSink;
let dovecot: Dovecot | undefined;
let owner: TestUser;
let api: Api;
let mailboxId: string;
/** How long the sink holds its reply, and who hears that a message's DATA has ended (and when it is filed). */
const slow = {
  greetingDelayMs: 0,
  delayMs: 0,
  onData: (_m: Received) => {},
  onFiled: (_m: Received) => {},
};

beforeAll(async () => {
  process.env.KITH_SECRET = 'outbox lease test secret';
  t = await openTestApp();
  if (hasDovecot) dovecot = await startDovecot({ users: { [LOGIN.user]: LOGIN.pass } });
  sink = await startSmtpSink({
    onConnect: () => sleep(slow.greetingDelayMs),
    onReceive: async (message) => {
      slow.onData(message);
      await sleep(slow.delayMs);
      if (dovecot) await deliver(dovecot, LOGIN, 'Sent', [message.raw]);
      slow.onFiled(message);
    },
  });
  owner = await buildUser(t.store.db, { workspace: 'Lease', email: LOGIN.user });
  api = apiAs(t.app, owner.token);
  const imap = dovecot && {
    host: dovecot.host,
    port: dovecot.port,
    tls: 'none',
    username: LOGIN.user,
    password: LOGIN.pass,
  };
  const box = await api.post('/api/mailboxes', {
    address: LOGIN.user,
    smtp: { host: sink.host, port: sink.port, tls: 'none' },
    ...(imap ? { imap } : {}),
  });
  expect(box.status, JSON.stringify(box.body)).toBe(201);
  mailboxId = box.body.id;
});
afterAll(async () => {
  await sink.stop();
  await dovecot?.stop();
  await t.close();
  delete process.env.KITH_SECRET;
  delete process.env.KITH_SEND_LEASE_SECONDS;
});

const rowOf = async (id: string) =>
  (
    await t.store.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.workspaceId, owner.workspaceId), eq(outbox.id, id)))
  )[0]!;
const sendJobs = (outboxId: string) =>
  queryRows<{ id: string; status: string; run_at: Date }>(
    t.store.db,
    sql`select id, status, run_at from jobs where workspace_id = ${owner.workspaceId}::uuid
        and payload->>'outboxId' = ${outboxId} order by created_at`,
  );
const accepted = (messageId: string) => sink.received.filter((m) => m.messageId === messageId).length;
const interactionsOf = async (messageId: string) =>
  (
    await queryRows<{ n: number }>(
      t.store.db,
      sql`select count(*)::int as n from interactions where workspace_id = ${owner.workspaceId}::uuid
          and message_id = ${messageId}`,
    )
  )[0]?.n;
const queue = async (name: string) => {
  const contact = await buildContact(t.store.db, owner.workspaceId, {
    firstName: name,
    email: `${name.toLowerCase()}@client.test`,
  });
  const queued = await api.post('/api/emails', {
    contactId: contact.id,
    mailboxId,
    subject: 'Hi',
    body: 'Hello',
  });
  expect(queued.status, JSON.stringify(queued.body)).toBe(202);
  return queued.body as { id: string; messageId: string };
};
/** Resolves when the sink has the message's whole DATA (the sender now waits for its reply). */
const dataEnded = (messageId: string) =>
  new Promise<void>((resolve) => {
    slow.onData = (m) => m.messageId === messageId && resolve();
  });

describe('a worker stalled in SMTP', () => {
  it('keeps the email while its job is taken over: the second worker puts itself off, nothing twice', async () => {
    process.env.KITH_SEND_LEASE_SECONDS = '8';
    slow.delayMs = 1500;
    const email = await queue('Ada');
    const [job] = await sendJobs(email.id);
    const inData = dataEnded(email.messageId);
    // The first worker's heartbeat never comes in time: its job lease runs out while the server holds its reply.
    const stalled = runJobNow({
      db: t.store.db,
      kinds: JOB_KINDS,
      workspaceId: owner.workspaceId,
      jobId: job!.id,
      leaseMs: 200,
      heartbeatMs: 60_000,
    });
    await inData;
    await sleep(300);
    // A second worker claims the job whose lease expired, and runs it meanwhile.
    const second = await runJobNow({
      db: t.store.db,
      kinds: JOB_KINDS,
      workspaceId: owner.workspaceId,
      jobId: job!.id,
    });
    expect(second.status).toBe('done');
    expect(accepted(email.messageId)).toBe(0);
    const during = await rowOf(email.id);
    expect(during).toMatchObject({ status: 'sending', attempts: 1 });
    // It put itself off to the end of the first attempt's lease, in a new run of the job.
    const later = (await sendJobs(email.id)).filter((j) => j.status === 'queued');
    expect(later).toHaveLength(1);
    expect(new Date(later[0]!.run_at).getTime()).toBe(during.sendingUntil!.getTime());

    await stalled;
    expect(await rowOf(email.id)).toMatchObject({ status: 'sent', attempts: 1, sendingUntil: null });
    expect(accepted(email.messageId)).toBe(1);
    // The new run, at the lease's end, finds it sent and sends nothing.
    const rerun = await runJobNow({
      db: t.store.db,
      kinds: JOB_KINDS,
      workspaceId: owner.workspaceId,
      jobId: later[0]!.id,
    });
    expect(rerun.status).toBe('done');
    expect(accepted(email.messageId)).toBe(1);
    expect(await rowOf(email.id)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(await interactionsOf(email.messageId)).toBe(1);
  });

  it('cuts an exchange off at its deadline, and leaves it to the Sent folder after the lease', async () => {
    process.env.KITH_SEND_LEASE_SECONDS = '6';
    // Longer than the attempt may spend (three quarters of the lease), so the server answers too late.
    slow.delayMs = 5000;
    const email = await queue('Bo');
    const filed = new Promise<void>((resolve) => {
      slow.onFiled = (m) => m.messageId === email.messageId && resolve();
    });
    const started = Date.now();
    await expect(
      sendQueued({ db: t.store.db, workspaceId: owner.workspaceId, outboxId: email.id, key: sealKey() }),
    ).rejects.toThrow(/not sent yet/);
    // It gave up before the server accepted, and well within its lease (it spends three quarters of it).
    const elapsed = Date.now() - started;
    expect(elapsed, `gave up after ${elapsed} ms`).toBeLessThan(6000);
    expect(accepted(email.messageId)).toBe(0);
    const cut = await rowOf(email.id);
    expect(cut).toMatchObject({ status: 'queued', attempts: 1 });
    expect(cut.sendingUntil).not.toBeNull();
    // Another attempt inside the lease does not look yet, and sends nothing.
    const early = await sendQueued({
      db: t.store.db,
      workspaceId: owner.workspaceId,
      outboxId: email.id,
      key: sealKey(),
    });
    expect(early).toEqual({ state: 'deferred', until: cut.sendingUntil });
    expect((await rowOf(email.id)).attempts).toBe(1);

    // The slow server did take it after all (the sink counts it once its hook is done).
    await filed;
    for (let i = 0; i < 100 && accepted(email.messageId) === 0; i++) await sleep(20);
    expect(accepted(email.messageId)).toBe(1);
    await sleep(Math.max(0, cut.sendingUntil!.getTime() - Date.now() + 50));
    const after = await sendQueued({
      db: t.store.db,
      workspaceId: owner.workspaceId,
      outboxId: email.id,
      key: sealKey(),
    });
    expect(accepted(email.messageId)).toBe(1);
    if (dovecot) {
      expect(after.state).toBe('sent');
      expect(await rowOf(email.id)).toMatchObject({
        status: 'sent',
        smtpResponse: expect.stringContaining('Sent folder'),
      });
      expect(await interactionsOf(email.messageId)).toBe(1);
    } else {
      expect(after.state).toBe('failed');
      expect((await rowOf(email.id)).lastError).toMatch(/^may have been sent/);
    }
  });

  it('gives up on a server too slow to greet within the deadline, and sends at the next attempt', async () => {
    process.env.KITH_SEND_LEASE_SECONDS = '2';
    slow.delayMs = 0;
    slow.greetingDelayMs = 3000;
    const email = await queue('Cy');
    const started = Date.now();
    await expect(
      sendQueued({ db: t.store.db, workspaceId: owner.workspaceId, outboxId: email.id, key: sealKey() }),
    ).rejects.toThrow(/not sent yet/);
    const elapsed = Date.now() - started;
    expect(elapsed, `gave up after ${elapsed} ms`).toBeLessThan(2000);
    // Nothing was handed over, so no lease mark is left: the next attempt sends without looking in Sent.
    expect(await rowOf(email.id)).toMatchObject({ status: 'queued', attempts: 1, sendingUntil: null });
    slow.greetingDelayMs = 0;
    const next = await sendQueued({
      db: t.store.db,
      workspaceId: owner.workspaceId,
      outboxId: email.id,
      key: sealKey(),
    });
    expect(next.state).toBe('sent');
    expect(accepted(email.messageId)).toBe(1);
    expect(await rowOf(email.id)).toMatchObject({ status: 'sent', attempts: 2 });
  });
});
