import { and, eq, sql } from 'drizzle-orm';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { JOB_KINDS } from '../../server/job-kinds.ts';
import { type Dovecot, hasDovecot, startDovecot } from '../../test/dovecot.ts';
import { openTestStore, type TestStore } from '../../test/test-store.ts';
import { buildContact } from '../contacts/factories.ts';
import { contacts } from '../contacts/schema.ts';
import { enqueueJob } from '../jobs/enqueue.ts';
import { runJobNow } from '../jobs/run-now.ts';
import { buildUser, type TestUser } from '../workspaces/factories.ts';
import { buildImapMailbox } from './factories.ts';
import { mailboxes } from './schema.ts';
import { resolveSealKey } from './secret.ts';
import { syncMailbox } from './sync.ts';
import { syncMailboxJob } from './sync-job.ts';

const key = resolveSealKey({ secret: 'sync test secret' })!;
const LOGINS = {
  'ann@kith.test': 'pw-ann-1',
  'dee@kith.test': 'pw-dee-1',
  'cy@kith.test': 'right-password',
  'flo@kith.test': 'pw-flo-1',
};
let store: TestStore;
let dovecot: Dovecot;

beforeAll(async () => {
  store = await openTestStore();
  if (hasDovecot) dovecot = await startDovecot({ users: LOGINS });
});
afterAll(async () => {
  await dovecot?.stop();
  await store?.close();
});

type Mail = {
  from: string;
  to: string;
  subject: string;
  id: string;
  date: string;
  extra?: string;
  body?: string;
};
const message = (m: Mail) =>
  [
    `From: ${m.from}`,
    `To: ${m.to}`,
    `Subject: ${m.subject}`,
    `Message-ID: <${m.id}>`,
    `Date: ${m.date}`,
    ...(m.extra ? [m.extra] : []),
    'Content-Type: text/plain; charset=utf-8',
    '',
    m.body ?? `About ${m.subject}.`,
    '',
  ].join('\r\n');

async function deliver(login: { user: string; pass: string }, folder: string, mails: Mail[]) {
  const client = new ImapFlow({
    host: dovecot.host,
    port: dovecot.port,
    secure: false,
    auth: login,
    logger: false,
  });
  await client.connect();
  for (const m of mails) await client.append(folder, message(m));
  await client.logout();
}

const mailboxFor = (user: TestUser, login: string, password: string) =>
  buildImapMailbox(store.db, { ...user, server: dovecot, login: { user: login, pass: password }, key });

const sync = (user: TestUser, mailboxId: string) =>
  syncMailbox({ db: store.db, workspaceId: user.workspaceId, mailboxId, key, backfillDays: 365 });

describe.runIf(hasDovecot)('mailbox sync against a real Dovecot', () => {
  it('logs mail with known contacts once, incrementally, by the touch rule', async () => {
    const ann = await buildUser(store.db, { workspace: 'Sync Co' });
    const login = { user: 'ann@kith.test', pass: LOGINS['ann@kith.test'] };
    const bob = await buildContact(store.db, ann.workspaceId, {
      firstName: 'Bob',
      email: 'bob@client.test',
    });
    const now = Date.now();
    const day = (d: number) => new Date(now - d * 86_400_000).toUTCString();
    await deliver(login, 'INBOX', [
      {
        from: 'Bob <bob@client.test>',
        to: login.user,
        subject: 'Pricing',
        id: 'm1@client.test',
        date: day(5),
      },
      {
        from: 'Bob <BOB@client.test>',
        to: login.user,
        subject: 'Out of office',
        id: 'm2@client.test',
        date: day(1),
        extra: 'Auto-Submitted: auto-replied',
      },
      { from: 'stranger@else.test', to: login.user, subject: 'Hello', id: 'm3@else.test', date: day(2) },
    ]);
    await deliver(login, 'Sent', [
      { from: login.user, to: 'bob@client.test', subject: 'Re: Pricing', id: 'm4@kith.test', date: day(3) },
      // The same message in two folders is one interaction.
      {
        from: 'Bob <bob@client.test>',
        to: login.user,
        subject: 'Pricing',
        id: 'm1@client.test',
        date: day(5),
      },
    ]);
    const box = await mailboxFor(ann, login.user, login.pass);

    const first = await sync(ann, box.id);
    expect(first).toEqual({ seen: 5, logged: 3, duplicates: 1, suggested: 1, skipped: 0 });
    const logged = await queryRows<{
      summary: string;
      direction: string;
      touch_class: string;
      source: string;
    }>(
      store.db,
      sql`select i.summary, i.direction, i.touch_class, i.source from interactions i
          join interaction_contacts ic on ic.workspace_id = i.workspace_id and ic.interaction_id = i.id
          where i.workspace_id = ${ann.workspaceId}::uuid and ic.contact_id = ${bob.id}::uuid order by i.occurred_at`,
    );
    expect(logged).toEqual([
      { summary: 'Pricing', direction: 'in', touch_class: 'touch', source: 'sync' },
      { summary: 'Re: Pricing', direction: 'out', touch_class: 'touch', source: 'sync' },
      { summary: 'Out of office', direction: 'in', touch_class: 'auto_reply', source: 'sync' },
    ]);
    // The auto-reply is on the timeline but does not move the cadence: the last touch is the reply sent.
    const [contact] = await store.db
      .select({ lastTouchAt: contacts.lastTouchAt })
      .from(contacts)
      .where(and(eq(contacts.workspaceId, ann.workspaceId), eq(contacts.id, bob.id)));
    expect(contact?.lastTouchAt?.toUTCString()).toBe(day(3));

    expect(await sync(ann, box.id)).toEqual({ seen: 0, logged: 0, duplicates: 0, suggested: 0, skipped: 0 });
    await deliver(login, 'INBOX', [
      { from: 'bob@client.test', to: login.user, subject: 'Contract', id: 'm5@client.test', date: day(0) },
    ]);
    expect(await sync(ann, box.id)).toEqual({ seen: 1, logged: 1, duplicates: 0, suggested: 0, skipped: 0 });
    const [after] = await store.db.select().from(mailboxes).where(eq(mailboxes.id, box.id));
    expect(after).toMatchObject({
      status: 'idle',
      lastError: null,
      counts: { seen: 6, logged: 4, duplicates: 1, suggested: 1, skipped: 0 },
    });
    expect(after?.folderStates.map((f) => [f.name, f.lastUid])).toEqual([
      ['INBOX', 4],
      ['Sent', 2],
    ]);
  });

  it('runs as the mailboxes.sync job, with the key from KITH_SECRET', async () => {
    const dee = await buildUser(store.db, { workspace: 'Job Co' });
    const login = { user: 'dee@kith.test', pass: LOGINS['dee@kith.test'] };
    await buildContact(store.db, dee.workspaceId, { firstName: 'Eve', email: 'eve@client.test' });
    await deliver(login, 'INBOX', [
      {
        from: 'eve@client.test',
        to: login.user,
        subject: 'Hi',
        id: 'j1@client.test',
        date: new Date().toUTCString(),
      },
    ]);
    const secret = resolveSealKey({ secret: 'a job secret of some length' })!;
    const box = await buildImapMailbox(store.db, { ...dee, server: dovecot, login, key: secret });
    process.env.KITH_SECRET = 'a job secret of some length';
    try {
      const job = await enqueueJob({
        db: store.db,
        workspaceId: dee.workspaceId,
        job: syncMailboxJob,
        payload: { mailboxId: box.id },
      });
      const done = await runJobNow({
        db: store.db,
        kinds: JOB_KINDS,
        workspaceId: dee.workspaceId,
        jobId: job.id,
      });
      expect(done.status, done.lastError ?? '').toBe('done');
    } finally {
      delete process.env.KITH_SECRET;
    }
    const [after] = await store.db.select().from(mailboxes).where(eq(mailboxes.id, box.id));
    expect(after?.counts).toMatchObject({ seen: 1, logged: 1 });
  });

  it('skips a message whose header does not fit, with the reason, logs what it can read, and goes on', async () => {
    const flo = await buildUser(store.db, { workspace: 'Malformed Co' });
    const login = { user: 'flo@kith.test', pass: LOGINS['flo@kith.test'] };
    await buildContact(store.db, flo.workspaceId, { firstName: 'Gus', email: 'gus@client.test' });
    const date = new Date(Date.now() - 86_400_000).toUTCString();
    const mail = (id: string, subject: string, extra?: string, body?: string) => ({
      from: 'gus@client.test',
      to: login.user,
      subject,
      id,
      date,
      extra,
      body,
    });
    await deliver(login, 'INBOX', [
      mail('b1@client.test', 'Before'),
      // A header of 1 MB: sync fetches the first 64 KB, so To, Cc and the signals after it are lost.
      mail('b2@client.test', 'Huge header', `X-Filler: ${'x'.repeat(1024 * 1024)}`),
      // Broken MIME (no boundary, an unknown charset, bad quoted-printable): what can be read is logged.
      mail(
        'b3@client.test',
        'Broken MIME',
        'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; charset=x-unknown',
        '--nope\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n=ZZ broken',
      ),
      { ...mail('b4@client.test', 'Bad date'), date: 'the day after never' },
      mail('b5@client.test', 'After'),
    ]);
    const box = await mailboxFor(flo, login.user, login.pass);
    expect(await sync(flo, box.id)).toEqual({
      seen: 5,
      logged: 4,
      duplicates: 0,
      suggested: 0,
      skipped: 1,
      skipReasons: { headerTooLarge: 1 },
    });
    const rows = await queryRows<{ summary: string; occurred_at: Date }>(
      store.db,
      sql`select summary, occurred_at from interactions where workspace_id = ${flo.workspaceId}::uuid order by summary`,
    );
    expect(rows.map((r) => r.summary)).toEqual(['After', 'Bad date', 'Before', 'Broken MIME']);
    // An unreadable Date header gives way to the server's INTERNALDATE (the time of the APPEND).
    const badDate = rows.find((r) => r.summary === 'Bad date')!.occurred_at;
    expect(Math.abs(new Date(badDate).getTime() - Date.now())).toBeLessThan(3_600_000);
    const [after] = await store.db.select().from(mailboxes).where(eq(mailboxes.id, box.id));
    expect(after?.counts.skipReasons).toEqual({ headerTooLarge: 1 });
  });

  it('records a wrong password on the mailbox and throws, so the job backs off', async () => {
    const cy = await buildUser(store.db, { workspace: 'Wrong Co' });
    const login = 'cy@kith.test';
    const box = await mailboxFor(cy, login, 'wrong-password');
    await expect(sync(cy, box.id)).rejects.toThrow();
    const [after] = await store.db.select().from(mailboxes).where(eq(mailboxes.id, box.id));
    expect(after?.status).toBe('error');
    expect(after?.lastError).toBeTruthy();
  });
});
