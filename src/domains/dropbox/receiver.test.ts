import { sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { openTestStore, type TestStore } from '../../test/test-store.ts';
import { buildContact } from '../contacts/factories.ts';
import { recordTouches } from '../interactions/record-touches.ts';
import { buildUser, type TestUser } from '../workspaces/factories.ts';
import { dropboxAddress, getDropbox, regenerateDropbox } from './dropbox.ts';
import { type DropboxReceiver, startDropboxReceiver } from './receiver.ts';

const DOMAIN = 'in.kith.test';
const quiet = { info: () => {}, warn: () => {} };
let store: TestStore;
let receiver: DropboxReceiver;

beforeAll(async () => {
  store = await openTestStore();
  receiver = await startDropboxReceiver({
    db: store.db,
    port: 0,
    host: '127.0.0.1',
    domain: DOMAIN,
    log: quiet,
  });
});
afterAll(async () => {
  await receiver?.close();
  await store?.close();
});

/** Sends raw mail to the receiver over loopback, as a real MTA would; resolves with the reply or the error. */
async function send(options: { from: string; to: string; raw: string }) {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: receiver.port,
    secure: false,
    ignoreTLS: true,
  });
  try {
    const info = await transport.sendMail({
      envelope: { from: options.from, to: [options.to] },
      raw: options.raw,
    });
    return { ok: true as const, response: info.response };
  } catch (error) {
    const e = error as { responseCode?: number; command?: string; response?: string };
    return { ok: false as const, code: e.responseCode, command: e.command, response: e.response ?? '' };
  } finally {
    transport.close();
  }
}

const mail = (headers: Record<string, string>, body: string) =>
  [
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ].join('\r\n');

async function userWithDropbox(workspace: string) {
  const user = await buildUser(store.db, { workspace });
  const box = await getDropbox({ db: store.db, workspaceId: user.workspaceId, userId: user.userId });
  return { user, address: dropboxAddress(box.token, DOMAIN) };
}

type Logged = {
  id: string;
  direction: string;
  source: string;
  summary: string;
  at: string;
  body: string | null;
};
async function interactionsOf(user: TestUser, messageId: string) {
  return queryRows<Logged>(
    store.db,
    sql`select id, direction, source, summary, body,
                to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') as at from interactions
         where workspace_id = ${user.workspaceId}::uuid and message_id = ${messageId}`,
  );
}
async function contactsOf(interactionId: string, user: TestUser) {
  const rows = await queryRows<{
    email: string;
    source: string;
    first_name: string;
    last_name: string;
    owner_id: string;
  }>(
    store.db,
    sql`select lower(e.email) as email, c.source, c.first_name, c.last_name, c.owner_id
          from interaction_contacts ic
          join contacts c on c.workspace_id = ic.workspace_id and c.id = ic.contact_id
          join contact_emails e on e.workspace_id = c.workspace_id and e.contact_id = c.id
         where ic.workspace_id = ${user.workspaceId}::uuid and ic.interaction_id = ${interactionId}::uuid
         order by 1`,
  );
  return rows;
}
const countAll = async (user: TestUser) =>
  (
    await queryRows<{ n: number }>(
      store.db,
      sql`select count(*)::int as n from interactions where workspace_id = ${user.workspaceId}::uuid`,
    )
  )[0]?.n;

describe('the dropbox receiver over SMTP', () => {
  it('refuses an unknown dropbox address at RCPT time, and another domain', async () => {
    const unknown = await send({
      from: 'x@else.test',
      to: `nobody00@${DOMAIN}`,
      raw: mail({ Subject: 'x' }, 'x'),
    });
    expect(unknown).toMatchObject({ ok: false, code: 550, command: 'RCPT TO' });
    const other = await send({
      from: 'x@else.test',
      to: 'someone@other.test',
      raw: mail({ Subject: 'x' }, 'x'),
    });
    expect(other).toMatchObject({ ok: false, code: 550, command: 'RCPT TO' });
  });

  it("refuses mail whose From is not the owner's, and logs nothing", async () => {
    const { user, address } = await userWithDropbox('Dropbox Stranger');
    await buildContact(store.db, user.workspaceId, { email: 'known@client.test' });
    const raw = mail(
      {
        From: 'Mallory <mallory@evil.test>',
        To: 'known@client.test',
        Subject: 'Hi',
        'Message-ID': '<s1@evil.test>',
      },
      'Spam',
    );
    const result = await send({ from: 'mallory@evil.test', to: address, raw });
    expect(result).toMatchObject({ ok: false, code: 550 });
    expect(await countAll(user)).toBe(0);
    const made = await queryRows(
      store.db,
      sql`select 1 from contacts where workspace_id = ${user.workspaceId}::uuid and source = 'dropbox'`,
    );
    expect(made).toHaveLength(0);
  });

  it('logs a BCC as outbound to To and Cc, creating unknown recipients but never a teammate', async () => {
    const { user, address } = await userWithDropbox('Dropbox BCC');
    const mate = await buildUser(store.db, { workspace: 'Dropbox BCC' });
    await buildContact(store.db, user.workspaceId, { firstName: 'Bob', email: 'bob@client.test' });
    const raw = mail(
      {
        From: `Ann <${user.email}>`,
        To: 'Bob <bob@client.test>, "Carol Ng" <carol.ng@client.test>',
        Cc: `${mate.email}, dave.smith@client.test`,
        Subject: 'Proposal',
        Date: 'Mon, 30 Nov 2026 09:00:00 +0000',
        'Message-ID': '<bcc1@kith.test>',
      },
      'Here is the proposal.',
    );
    const result = await send({ from: user.email, to: address, raw });
    expect(result.ok).toBe(true);
    const [logged] = await interactionsOf(user, '<bcc1@kith.test>');
    expect(logged).toMatchObject({
      direction: 'out',
      source: 'dropbox',
      summary: 'Proposal',
      body: 'Here is the proposal.',
    });
    expect(logged?.at).toBe('2026-11-30T09:00:00');
    const linked = await contactsOf(logged!.id, user);
    expect(linked.map((c) => c.email)).toEqual([
      'bob@client.test',
      'carol.ng@client.test',
      'dave.smith@client.test',
    ]);
    expect(linked.find((c) => c.email === 'carol.ng@client.test')).toMatchObject({
      source: 'dropbox',
      first_name: 'Carol',
      last_name: 'Ng',
      owner_id: user.userId,
    });
    expect(linked.find((c) => c.email === 'dave.smith@client.test')).toMatchObject({
      first_name: 'Dave',
      last_name: 'Smith',
    });
    const teammate = await queryRows(
      store.db,
      sql`select 1 from contact_emails where workspace_id = ${user.workspaceId}::uuid and lower(email) = ${mate.email}`,
    );
    expect(teammate).toHaveLength(0);

    // The same message again (a retry, a second BCC) is logged once.
    expect((await send({ from: user.email, to: address, raw })).ok).toBe(true);
    expect(await interactionsOf(user, '<bcc1@kith.test>')).toHaveLength(1);
  });

  it('counts as a duplicate a message sync logged first', async () => {
    const { user, address } = await userWithDropbox('Dropbox Sync');
    const bob = await buildContact(store.db, user.workspaceId, { email: 'bob@client.test' });
    await recordTouches({
      db: store.db,
      workspaceId: user.workspaceId,
      actorId: user.userId,
      items: [
        {
          kind: 'email',
          direction: 'out',
          occurredAt: new Date('2026-11-30T09:00:00Z'),
          summary: 'Synced',
          source: 'sync',
          externalId: '<both@kith.test>',
          messageId: '<both@kith.test>',
          contactIds: [bob.id],
        },
      ],
    });
    const raw = mail(
      { From: user.email, To: 'bob@client.test', Subject: 'Synced', 'Message-ID': '<both@kith.test>' },
      'Hello',
    );
    expect((await send({ from: user.email, to: address, raw })).ok).toBe(true);
    const rows = await interactionsOf(user, '<both@kith.test>');
    expect(rows).toHaveLength(1);
    expect(rows[0]?.source).toBe('sync');
  });

  it('logs an inline "Fwd:" against the original sender, inbound, at its date and subject', async () => {
    const { user, address } = await userWithDropbox('Dropbox Inline');
    const body = [
      'FYI',
      '',
      '---------- Forwarded message ---------',
      'From: Erin Park <erin@client.test>',
      'Date: Tue, Nov 24, 2026 at 3:15 PM',
      'Subject: Budget for next year',
      `To: Ann <${user.email}>`,
      '',
      '',
      'We can go ahead in January.',
    ].join('\r\n');
    const raw = mail(
      {
        From: user.email,
        To: address,
        Subject: 'Fwd: Budget for next year',
        'Message-ID': '<fwd1@kith.test>',
      },
      body,
    );
    expect((await send({ from: user.email, to: address, raw })).ok).toBe(true);
    const [logged] = await interactionsOf(user, '<fwd1@kith.test>');
    expect(logged).toMatchObject({
      direction: 'in',
      summary: 'Budget for next year',
      body: 'We can go ahead in January.',
    });
    // Gmail quotes the date without a zone: it is read in the server's.
    expect(logged?.at).toBe(new Date('2026-11-24T15:15:00').toISOString().slice(0, 19));
    const linked = await contactsOf(logged!.id, user);
    expect(linked).toMatchObject([
      { email: 'erin@client.test', first_name: 'Erin', last_name: 'Park', source: 'dropbox' },
    ]);
  });

  it('logs an attached (message/rfc822) original by its own Message-ID', async () => {
    const { user, address } = await userWithDropbox('Dropbox Attached');
    await buildContact(store.db, user.workspaceId, { email: 'frank@client.test' });
    const original = mail(
      {
        From: 'Frank <frank@client.test>',
        To: user.email,
        Subject: 'Contract signed',
        Date: 'Fri, 20 Nov 2026 11:30:00 +0100',
        'Message-ID': '<orig1@client.test>',
      },
      'Signed copy attached.',
    );
    const raw = [
      `From: ${user.email}`,
      `To: ${address}`,
      'Subject: Fwd: Contract signed',
      'Message-ID: <fwd2@kith.test>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'See attached.',
      '--b1',
      'Content-Type: message/rfc822',
      'Content-Disposition: attachment; filename="original.eml"',
      '',
      original,
      '--b1--',
      '',
    ].join('\r\n');
    expect((await send({ from: user.email, to: address, raw })).ok).toBe(true);
    expect(await interactionsOf(user, '<fwd2@kith.test>')).toHaveLength(0);
    const [logged] = await interactionsOf(user, '<orig1@client.test>');
    expect(logged).toMatchObject({
      direction: 'in',
      summary: 'Contract signed',
      body: 'Signed copy attached.',
    });
    expect(logged?.at).toBe('2026-11-20T10:30:00');
    expect((await contactsOf(logged!.id, user)).map((c) => c.email)).toEqual(['frank@client.test']);
  });

  it('refuses a forward whose original sender cannot be found', async () => {
    const { user, address } = await userWithDropbox('Dropbox Unknown Original');
    const raw = mail(
      { From: user.email, To: address, Subject: 'Fwd: something', 'Message-ID': '<fwd3@kith.test>' },
      'Look',
    );
    const result = await send({ from: user.email, to: address, raw });
    expect(result).toMatchObject({ ok: false, code: 550 });
    expect(result.ok ? '' : result.response).toContain('forwarded message');
    expect(await countAll(user)).toBe(0);
  });

  it('refuses the old address once regenerated', async () => {
    const { user, address } = await userWithDropbox('Dropbox Regenerate');
    const fresh = await regenerateDropbox({
      db: store.db,
      workspaceId: user.workspaceId,
      actorId: user.userId,
    });
    const raw = mail(
      { From: user.email, To: 'bob@client.test', Subject: 'x', 'Message-ID': '<r1@kith.test>' },
      'x',
    );
    expect(await send({ from: user.email, to: address, raw })).toMatchObject({
      ok: false,
      code: 550,
      command: 'RCPT TO',
    });
    expect((await send({ from: user.email, to: dropboxAddress(fresh.token, DOMAIN), raw })).ok).toBe(true);
  });
});
