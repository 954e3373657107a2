import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { type Dovecot, hasDovecot, startDovecot } from '../../test/dovecot.ts';
import { type Api, apiAs, openTestApp, type TestApp } from '../../test/http.ts';
import { daysAgo, deliver } from '../../test/mail.ts';
import { buildContact } from '../contacts/factories.ts';
import { buildUser, type TestUser } from '../workspaces/factories.ts';

const LOGINS = { 'rita@kith.test': 'pw-rita-1', 'sam@kith.test': 'pw-sam-1' };
let t: TestApp;
let dovecot: Dovecot;
let rita: TestUser;
let sam: TestUser;
let api: Api;

beforeAll(async () => {
  process.env.KITH_SECRET = 'mailbox routes test secret';
  t = await openTestApp();
  rita = await buildUser(t.store.db, { workspace: 'Mailbox routes', email: 'rita@kith.test' });
  sam = await buildUser(t.store.db, { workspace: 'Mailbox routes', role: 'member' });
  api = apiAs(t.app, rita.token);
  if (hasDovecot) dovecot = await startDovecot({ users: LOGINS });
});
afterAll(async () => {
  delete process.env.KITH_SECRET;
  await dovecot?.stop();
  await t.close();
});
afterEach(() => {
  process.env.KITH_SECRET = 'mailbox routes test secret';
  delete process.env.DATABASE_URL;
});

const imap = (overrides: Record<string, unknown> = {}) => ({
  host: dovecot.host,
  port: dovecot.port,
  tls: 'none',
  username: 'rita@kith.test',
  password: LOGINS['rita@kith.test'],
  ...overrides,
});
const mailboxCount = async () =>
  (
    await queryRows<{ n: number }>(
      t.store.db,
      sql`select count(*)::int as n from mailboxes where workspace_id = ${rita.workspaceId}::uuid`,
    )
  )[0]?.n;

describe.runIf(hasDovecot)('the mailbox API against a real Dovecot', () => {
  it('checks the login before saving: a wrong password or host is a 422 that says which', async () => {
    const wrong = await api.post('/api/mailboxes', { imap: imap({ password: 'not-it' }) });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.fields).toEqual([
      {
        field: 'body.imap.password',
        message: expect.stringMatching(/^was refused by 127\.0\.0\.1:\d+ with this username$/),
      },
    ]);
    const closed = await api.post('/api/mailboxes', { imap: imap({ port: 1 }) });
    expect(closed.status).toBe(422);
    expect(closed.body.error.fields[0]).toMatchObject({
      field: 'body.imap.host',
      message: 'does not answer on port 1',
    });
    const nameless = await api.post('/api/mailboxes', { imap: imap({ host: 'no-such-host.invalid' }) });
    expect(nameless.status).toBe(422);
    expect(nameless.body.error.fields[0].field).toBe('body.imap.host');
    expect(await mailboxCount()).toBe(0);
  });

  it('refuses to store a password on PostgreSQL without KITH_SECRET, saying what to set', async () => {
    delete process.env.KITH_SECRET;
    process.env.DATABASE_URL = 'postgres://kith@db.example/kith';
    const res = await api.post('/api/mailboxes', { imap: imap() });
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0]).toMatchObject({
      field: 'body.imap.password',
      message: expect.stringContaining('set KITH_SECRET'),
    });
    expect(await mailboxCount()).toBe(0);
  });

  it('connects, syncs now, and shows status, folders and counts, never the password', async () => {
    const bob = await buildContact(t.store.db, rita.workspaceId, {
      firstName: 'Bob',
      email: 'bob@client.test',
    });
    const login = { user: 'rita@kith.test', pass: LOGINS['rita@kith.test'] };
    await deliver(dovecot, login, 'INBOX', [
      {
        from: 'Bob <bob@client.test>',
        to: login.user,
        subject: 'Hello',
        id: 'r1@client.test',
        date: daysAgo(3),
      },
    ]);
    await deliver(dovecot, login, 'Sent', [
      {
        from: login.user,
        to: 'bob@client.test',
        subject: 'Re: Hello',
        id: 'r2@kith.test',
        inReplyTo: 'r1@client.test',
        date: daysAgo(2),
      },
    ]);
    const created = await api.post('/api/mailboxes', {
      label: 'Work',
      imap: imap(),
      ignore: ['Example.org'],
    });
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.body)).not.toContain(LOGINS['rita@kith.test']);
    expect(created.body).toMatchObject({
      label: 'Work',
      address: 'rita@kith.test',
      imap: { host: dovecot.host, port: dovecot.port, tls: 'none', username: 'rita@kith.test' },
      ignore: ['example.org'],
      status: 'idle',
      lastSyncAt: null,
    });
    const id = created.body.id as string;

    const run = await api.post(`/api/mailboxes/${id}/sync?wait=true`);
    expect(run.status).toBe(200);
    expect(run.body.counts).toEqual({ seen: 2, logged: 2, duplicates: 0, suggested: 0, skipped: 0 });
    const got = await api.get(`/api/mailboxes/${id}`);
    expect(got.body).toMatchObject({
      status: 'idle',
      lastError: null,
      counts: { seen: 2, logged: 2 },
      lastRun: { seen: 2, logged: 2 },
      folders: [
        { name: 'INBOX', lastUid: 1, uidValidity: expect.any(String) },
        { name: 'Sent', lastUid: 1, uidValidity: expect.any(String) },
      ],
    });
    expect(got.body.lastSyncAt).toBeTruthy();

    // The reply links to what it answers.
    const timeline = await api.get(`/api/contacts/${bob.id}/timeline`);
    const [reply, first] = timeline.body.items;
    expect(reply).toMatchObject({
      summary: 'Re: Hello',
      direction: 'out',
      isReply: true,
      inReplyToId: first.id,
    });
    expect(first).toMatchObject({ summary: 'Hello', direction: 'in', isReply: false, inReplyToId: null });
    expect((await api.get(`/api/interactions/${reply.id}`)).body).toMatchObject({ inReplyToId: first.id });

    // A teammate sees neither the mailbox nor its list.
    const samApi = apiAs(t.app, sam.token);
    expect((await samApi.get(`/api/mailboxes/${id}`)).status).toBe(404);
    expect((await samApi.get('/api/mailboxes')).body.items).toEqual([]);
    expect((await samApi.post(`/api/mailboxes/${id}/sync`)).status).toBe(404);

    // Sync now twice: the second answers the sync already queued.
    const a = await api.post(`/api/mailboxes/${id}/sync`);
    const b = await api.post(`/api/mailboxes/${id}/sync`);
    expect(a.status).toBe(202);
    expect(b.body.jobId).toBe(a.body.jobId);

    // A new password is checked before it is stored.
    const bad = await api.patch(`/api/mailboxes/${id}`, { imap: { password: 'not-it' } });
    expect(bad.status).toBe(422);
    const renamed = await api.patch(`/api/mailboxes/${id}`, { label: 'Inbox at work' });
    expect(renamed.body.label).toBe('Inbox at work');
    const again = await api.post(`/api/mailboxes/${id}/sync?wait=true`);
    expect(again.body.counts).toMatchObject({ seen: 0, logged: 0 });

    expect((await api.delete(`/api/mailboxes/${id}`)).status).toBe(204);
    expect((await api.get(`/api/mailboxes/${id}`)).status).toBe(404);
    const schedules = await queryRows<{ n: number }>(
      t.store.db,
      sql`select count(*)::int as n from job_schedules where key = ${`mailbox-sync:${id}`}`,
    );
    expect(schedules[0]?.n).toBe(0);
    // What it logged stays.
    expect((await api.get(`/api/contacts/${bob.id}/timeline`)).body.items).toHaveLength(2);
  });
});
