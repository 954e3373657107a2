import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { DOMAIN, type DropboxHarness, mail, openDropboxHarness } from '../../test/dropbox-smtp.ts';
import { buildContact } from '../contacts/factories.ts';
import { recordTouches } from '../interactions/record-touches.ts';
import { buildUser } from '../workspaces/factories.ts';
import { dropboxAddress, regenerateDropbox } from './dropbox.ts';

let h: DropboxHarness;

beforeAll(async () => {
  h = await openDropboxHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('the dropbox receiver over SMTP', () => {
  it('refuses an unknown dropbox address at RCPT time, and another domain', async () => {
    const raw = mail({ Subject: 'x' }, 'x');
    const unknown = await h.send({ from: 'x@else.test', to: `nobody00@${DOMAIN}`, raw });
    expect(unknown).toMatchObject({ ok: false, code: 550, command: 'RCPT TO' });
    const other = await h.send({ from: 'x@else.test', to: 'someone@other.test', raw });
    expect(other).toMatchObject({ ok: false, code: 550, command: 'RCPT TO' });
  });

  it("refuses mail whose From is not the owner's, and logs nothing", async () => {
    const { user, address } = await h.userWithDropbox('Dropbox Stranger');
    await buildContact(h.store.db, user.workspaceId, { email: 'known@client.test' });
    const raw = mail(
      { From: 'Mallory <mallory@evil.test>', To: 'known@client.test, new@client.test', Subject: 'Hi' },
      'Spam',
    );
    const result = await h.send({ from: 'mallory@evil.test', to: address, raw });
    expect(result).toMatchObject({ ok: false, code: 550 });
    expect(await h.countInteractions(user)).toBe(0);
    const made = await queryRows(
      h.store.db,
      sql`select 1 from contacts where workspace_id = ${user.workspaceId}::uuid and source = 'dropbox'`,
    );
    expect(made).toHaveLength(0);
  });

  it('logs a BCC as outbound to To and Cc, creating unknown recipients but never a teammate', async () => {
    const { user, address } = await h.userWithDropbox('Dropbox BCC');
    const mate = await buildUser(h.store.db, { workspace: 'Dropbox BCC' });
    await buildContact(h.store.db, user.workspaceId, { firstName: 'Bob', email: 'bob@client.test' });
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
    expect((await h.send({ from: user.email, to: address, raw })).ok).toBe(true);
    const [logged] = await h.interactionsOf(user, '<bcc1@kith.test>');
    expect(logged).toMatchObject({
      direction: 'out',
      source: 'dropbox',
      summary: 'Proposal',
      body: 'Here is the proposal.',
      touch_class: 'touch',
      at: '2026-11-30T09:00:00',
    });
    const linked = await h.contactsOf(user, logged!.id);
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
      h.store.db,
      sql`select 1 from contact_emails where workspace_id = ${user.workspaceId}::uuid
            and lower(email) = ${mate.email.toLowerCase()}`,
    );
    expect(teammate).toHaveLength(0);

    // The same message again (a retry, a second BCC) is logged once.
    expect((await h.send({ from: user.email, to: address, raw })).ok).toBe(true);
    expect(await h.interactionsOf(user, '<bcc1@kith.test>')).toHaveLength(1);
  });

  it('treats a reply copied to the dropbox beside a contact as sent mail, though it quotes headers', async () => {
    const { user, address } = await h.userWithDropbox('Dropbox Cc Rule');
    const quoted = [
      'Sounds good.',
      '',
      '-----Original Message-----',
      'From: Zoe <zoe@client.test>',
      '',
      'Hi',
    ];
    const raw = mail(
      {
        From: user.email,
        To: 'yan@client.test',
        Cc: address,
        Subject: 'Re: Hi',
        'Message-ID': '<cc1@kith.test>',
      },
      quoted.join('\r\n'),
    );
    expect((await h.send({ from: user.email, to: address, raw })).ok).toBe(true);
    const [logged] = await h.interactionsOf(user, '<cc1@kith.test>');
    expect(logged).toMatchObject({ direction: 'out', summary: 'Re: Hi' });
    expect((await h.contactsOf(user, logged!.id)).map((c) => c.email)).toEqual(['yan@client.test']);
  });

  it('counts as a duplicate a message sync logged first', async () => {
    const { user, address } = await h.userWithDropbox('Dropbox Sync');
    const bob = await buildContact(h.store.db, user.workspaceId, { email: 'bob@client.test' });
    await recordTouches({
      db: h.store.db,
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
    expect((await h.send({ from: user.email, to: address, raw })).ok).toBe(true);
    const rows = await h.interactionsOf(user, '<both@kith.test>');
    expect(rows).toHaveLength(1);
    expect(rows[0]?.source).toBe('sync');
  });

  it('refuses the old address once regenerated', async () => {
    const { user, address } = await h.userWithDropbox('Dropbox Regenerate');
    const fresh = await regenerateDropbox({
      db: h.store.db,
      workspaceId: user.workspaceId,
      actorId: user.userId,
    });
    const raw = mail(
      { From: user.email, To: 'bob@client.test', Subject: 'x', 'Message-ID': '<r1@kith.test>' },
      'x',
    );
    expect(await h.send({ from: user.email, to: address, raw })).toMatchObject({
      ok: false,
      code: 550,
      command: 'RCPT TO',
    });
    const sent = await h.send({ from: user.email, to: dropboxAddress(fresh.token, DOMAIN), raw });
    expect(sent.ok).toBe(true);
  });
});

describe('the dropbox receiver with parallel deliveries', () => {
  it('logs messages to the same new recipient delivered at once, creating them once', async () => {
    const { user, address } = await h.userWithDropbox('Dropbox Parallel');
    const raw = (n: number) =>
      mail(
        {
          From: user.email,
          To: 'Iris <iris@new.test>',
          Subject: `Hello ${n}`,
          'Message-ID': `<p${n}@kith.test>`,
        },
        'x',
      );
    const results = await Promise.all(
      [1, 2, 3].map((n) => h.send({ from: user.email, to: address, raw: raw(n) })),
    );
    expect(results.map((r) => r.ok)).toEqual([true, true, true]);
    const made = await queryRows(
      h.store.db,
      sql`select 1 from contact_emails where workspace_id = ${user.workspaceId}::uuid and email = 'iris@new.test'`,
    );
    expect(made).toHaveLength(1);
    for (const n of [1, 2, 3]) expect(await h.interactionsOf(user, `<p${n}@kith.test>`)).toHaveLength(1);
  });
});
