import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { JOB_KINDS } from '../../server/job-kinds.ts';
import { type Dovecot, hasDovecot, startDovecot } from '../../test/dovecot.ts';
import { type Api, apiAs, openTestApp, type TestApp } from '../../test/http.ts';
import { deliver } from '../../test/mail.ts';
import { type SmtpSink, startSmtpSink } from '../../test/smtp-sink.ts';
import { buildContact } from '../contacts/factories.ts';
import { contacts } from '../contacts/schema.ts';
import { runJobNow } from '../jobs/run-now.ts';
import { sealKey } from '../mailboxes/settings.ts';
import { buildUser, type TestUser } from '../workspaces/factories.ts';
import { outbox } from './schema.ts';
import { sendQueued } from './send.ts';

const LOGIN = { user: 'sender@kith.test', pass: 'pw-sender-1' };
let t: TestApp;
let sink: SmtpSink;
let dovecot: Dovecot | undefined;
let owner: TestUser;
let api: Api;
let mailboxId: string;

beforeAll(async () => {
  process.env.KITH_SECRET = 'outbox test secret';
  t = await openTestApp();
  sink = await startSmtpSink();
  owner = await buildUser(t.store.db, { workspace: 'Outbox', email: LOGIN.user });
  api = apiAs(t.app, owner.token);
  const box = await api.post('/api/mailboxes', {
    address: LOGIN.user,
    smtp: { host: sink.host, port: sink.port, tls: 'none' },
  });
  expect(box.status, JSON.stringify(box.body)).toBe(201);
  mailboxId = box.body.id;
  if (hasDovecot) dovecot = await startDovecot({ users: { [LOGIN.user]: LOGIN.pass } });
});
afterAll(async () => {
  await sink.stop();
  await dovecot?.stop();
  await t.close();
  delete process.env.KITH_SECRET;
});

const runJob = (jobId: string) =>
  runJobNow({ db: t.store.db, kinds: JOB_KINDS, workspaceId: owner.workspaceId, jobId });
const jobOf = async (outboxId: string) =>
  (
    await queryRows<{ id: string }>(
      t.store.db,
      sql`select id from jobs where workspace_id = ${owner.workspaceId}::uuid and payload->>'outboxId' = ${outboxId}`,
    )
  )[0]!.id;
const attempt = (outboxId: string) =>
  sendQueued({ db: t.store.db, workspaceId: owner.workspaceId, outboxId, key: sealKey() });
const rowOf = async (id: string) =>
  (
    await t.store.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.workspaceId, owner.workspaceId), eq(outbox.id, id)))
  )[0]!;
const deliveredTo = (address: string) => sink.received.filter((m) => m.to.includes(address));
const email = (contactId: string, extra: Record<string, unknown> = {}) =>
  api.post('/api/emails', {
    contactId,
    mailboxId,
    subject: 'Hello',
    body: 'Hi {{contact.firstName}}',
    ...extra,
  });

describe('sending one email through the outbox', () => {
  it('queues with its Message-ID, sends once after the commit, and logs the touch', async () => {
    const ada = await buildContact(t.store.db, owner.workspaceId, {
      firstName: 'Ada',
      email: 'ada@client.test',
    });
    const queued = await email(ada.id);
    expect(queued.status, JSON.stringify(queued.body)).toBe(202);
    expect(queued.body).toMatchObject({ status: 'queued', to: 'ada@client.test', body: 'Hi Ada' });
    expect(deliveredTo('ada@client.test')).toHaveLength(0);

    expect((await runJob(await jobOf(queued.body.id))).status).toBe('done');
    const got = deliveredTo('ada@client.test');
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ messageId: queued.body.messageId, outboxId: queued.body.id });
    const sent = (await api.get('/api/outbox?status=sent')).body.items;
    expect(sent).toEqual([expect.objectContaining({ id: queued.body.id, status: 'sent', attempts: 1 })]);
    const timeline = (await api.get(`/api/contacts/${ada.id}/timeline`)).body.items;
    expect(timeline[0]).toMatchObject({
      kind: 'email',
      direction: 'out',
      source: 'manual',
      summary: 'Hello',
    });
    expect(sent[0].interactionId).toBe(timeline[0].id);
    const [after] = await t.store.db.select().from(contacts).where(eq(contacts.id, ada.id));
    expect(after?.lastTouchAt).not.toBeNull();
    // Running the job again sends nothing more.
    expect((await attempt(queued.body.id)).state).toBe('done');
    expect(deliveredTo('ada@client.test')).toHaveLength(1);
  });

  it('refuses a template field with no value, do not contact, and no email, writing nothing', async () => {
    const bo = await buildContact(t.store.db, owner.workspaceId, {
      firstName: 'Bo',
      email: 'bo@client.test',
    });
    const template = await api.post('/api/templates', {
      name: 'Co',
      subject: 'Hi',
      body: 'How is {{company.name}}?',
    });
    const blank = await api.post('/api/emails', {
      contactId: bo.id,
      mailboxId,
      templateId: template.body.id,
    });
    expect(blank.status).toBe(422);
    expect(blank.body.error.fields[0]).toMatchObject({
      field: 'body.templateId',
      message: expect.stringContaining('{{company.name}}'),
    });
    const dnc = await buildContact(t.store.db, owner.workspaceId, { firstName: 'No', doNotContact: true });
    expect((await email(dnc.id)).body.error.fields[0].message).toBe('is marked do not contact');
    const mute = await buildContact(t.store.db, owner.workspaceId, { firstName: 'Mute', email: null });
    expect((await email(mute.id)).body.error.fields[0].message).toBe('has no email address');
    const [count] = await queryRows<{ n: number }>(
      t.store.db,
      sql`select count(*)::int as n from outbox where contact_id in (${bo.id}::uuid, ${dnc.id}::uuid, ${mute.id}::uuid)`,
    );
    expect(count?.n).toBe(0);
  });

  it('fails a hard bounce for good with the reply, and never writes to that address again', async () => {
    const cy = await buildContact(t.store.db, owner.workspaceId, { firstName: 'Cy', email: 'cy@gone.test' });
    sink.refuse.set('cy@gone.test', { code: 550, message: '5.1.1 <cy@gone.test>: user unknown' });
    const queued = await email(cy.id);
    expect((await attempt(queued.body.id)).state).toBe('failed');
    const row = await rowOf(queued.body.id);
    expect(row.status).toBe('failed');
    expect(row.smtpResponse).toContain('5.1.1');
    const again = await email(cy.id);
    expect(again.status).toBe(422);
    expect(again.body.error.fields[0].message).toBe('cannot be written to: cy@gone.test bounced for good');
    sink.refuse.delete('cy@gone.test');
  });

  it('keeps an email through a 4xx and a server that is down, then sends it once', async () => {
    const di = await buildContact(t.store.db, owner.workspaceId, {
      firstName: 'Di',
      email: 'di@client.test',
    });
    sink.refuse.set('di@client.test', { code: 451, message: '4.7.1 try again later' });
    const queued = await email(di.id);
    await expect(attempt(queued.body.id)).rejects.toThrow();
    expect(await rowOf(queued.body.id)).toMatchObject({
      status: 'queued',
      lastError: expect.stringContaining('4.7.1'),
    });
    sink.refuse.delete('di@client.test');
    await sink.down();
    await expect(attempt(queued.body.id)).rejects.toThrow();
    expect((await rowOf(queued.body.id)).status).toBe('queued');
    await sink.up();
    expect((await attempt(queued.body.id)).state).toBe('sent');
    expect(deliveredTo('di@client.test')).toHaveLength(1);
    expect((await rowOf(queued.body.id)).attempts).toBe(3);
  });

  it('checks the stop rules again right before sending', async () => {
    const ed = await buildContact(t.store.db, owner.workspaceId, {
      firstName: 'Ed',
      email: 'ed@client.test',
    });
    const queued = await email(ed.id);
    await t.store.db.update(contacts).set({ doNotContact: true }).where(eq(contacts.id, ed.id));
    expect((await attempt(queued.body.id)).state).toBe('failed');
    expect((await rowOf(queued.body.id)).lastError).toBe('not sent: the contact is marked do not contact');
    expect(deliveredTo('ed@client.test')).toHaveLength(0);
  });

  it('never sends twice after an attempt stopped between SMTP and the commit', async () => {
    const fay = await buildContact(t.store.db, owner.workspaceId, {
      firstName: 'Fay',
      email: 'fay@client.test',
    });
    const queued = await email(fay.id);
    // As a worker killed right after the server accepted it leaves the row.
    await t.store.db
      .update(outbox)
      .set({ status: 'sending', attempts: 1 })
      .where(eq(outbox.id, queued.body.id));
    expect((await attempt(queued.body.id)).state).toBe('failed');
    expect((await rowOf(queued.body.id)).lastError).toMatch(/^may have been sent/);
    expect(deliveredTo('fay@client.test')).toHaveLength(0);
  });

  it('puts an email off while the mailbox is at its hourly limit', async () => {
    await api.patch(`/api/mailboxes/${mailboxId}`, { hourlyLimit: 1 });
    const gus = await buildContact(t.store.db, owner.workspaceId, {
      firstName: 'Gus',
      email: 'gus@client.test',
    });
    const queued = await email(gus.id);
    const outcome = await attempt(queued.body.id);
    expect(outcome.state).toBe('deferred');
    if (outcome.state === 'deferred')
      expect(outcome.until.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
    expect((await rowOf(queued.body.id)).status).toBe('queued');
    await api.patch(`/api/mailboxes/${mailboxId}`, { hourlyLimit: 50 });
  });
});

describe.runIf(hasDovecot)('an interrupted attempt with a Sent folder to look in', () => {
  it('records the email as sent when its Message-ID is in the Sent folder, without sending it again', async () => {
    const both = await api.post('/api/mailboxes', {
      address: LOGIN.user,
      label: 'Both',
      imap: {
        host: dovecot!.host,
        port: dovecot!.port,
        tls: 'none',
        username: LOGIN.user,
        password: LOGIN.pass,
      },
      smtp: { host: sink.host, port: sink.port, tls: 'none' },
    });
    expect(both.status, JSON.stringify(both.body)).toBe(201);
    const hal = await buildContact(t.store.db, owner.workspaceId, {
      firstName: 'Hal',
      email: 'hal@client.test',
    });
    const queued = await api.post('/api/emails', {
      contactId: hal.id,
      mailboxId: both.body.id,
      subject: 'Hi',
      body: 'Hello',
    });
    await t.store.db
      .update(outbox)
      .set({ status: 'sending', attempts: 1 })
      .where(eq(outbox.id, queued.body.id));
    const id = (queued.body.messageId as string).replace(/^<|>$/g, '');
    await deliver(dovecot!, LOGIN, 'Sent', [
      { from: LOGIN.user, to: 'hal@client.test', subject: 'Hi', id, date: new Date().toUTCString() },
    ]);
    expect((await attempt(queued.body.id)).state).toBe('sent');
    expect(deliveredTo('hal@client.test')).toHaveLength(0);
    expect((await rowOf(queued.body.id)).smtpResponse).toContain('Sent folder');
  });
});
