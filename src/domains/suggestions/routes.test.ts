import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { type Dovecot, hasDovecot, startDovecot } from '../../test/dovecot.ts';
import { type Api, apiAs, openTestApp, type TestApp } from '../../test/http.ts';
import { daysAgo, deliver } from '../../test/mail.ts';
import { buildContact } from '../contacts/factories.ts';
import { buildUser, type TestUser } from '../workspaces/factories.ts';
import { nameOf } from './suggestions.ts';

const LOGINS = { 'una@kith.test': 'pw-una-1' };
const login = { user: 'una@kith.test', pass: LOGINS['una@kith.test'] };
let t: TestApp;
let dovecot: Dovecot;
let una: TestUser;
let teammate: TestUser;
let api: Api;

beforeAll(async () => {
  process.env.KITH_SECRET = 'suggestions test secret';
  t = await openTestApp();
  una = await buildUser(t.store.db, { workspace: 'Suggestions', email: 'una@kith.test' });
  teammate = await buildUser(t.store.db, {
    workspace: 'Suggestions',
    role: 'member',
    email: 'tom@kith.test',
  });
  api = apiAs(t.app, una.token);
  if (hasDovecot) dovecot = await startDovecot({ users: LOGINS });
});
afterAll(async () => {
  delete process.env.KITH_SECRET;
  await dovecot?.stop();
  await t.close();
});

describe('a suggestion is named from its mail', () => {
  it('reads display names both ways round, else the address', () => {
    expect(nameOf({ name: 'Ada Lovelace', email: 'x@y.test' })).toEqual({
      firstName: 'Ada',
      lastName: 'Lovelace',
    });
    expect(nameOf({ name: 'Lovelace, Ada', email: 'x@y.test' })).toEqual({
      firstName: 'Ada',
      lastName: 'Lovelace',
    });
    expect(nameOf({ name: null, email: 'grace.hopper@navy.test' })).toEqual({
      firstName: 'Grace',
      lastName: 'Hopper',
    });
  });
});

describe.runIf(hasDovecot)('suggested contacts from a synced mailbox', () => {
  it('suggests people, not machines, ranks two-way first, and accepting logs their mail', async () => {
    const kim = await buildContact(t.store.db, una.workspaceId, {
      firstName: 'Kim',
      email: 'kim@client.test',
    });
    await deliver(dovecot, login, 'INBOX', [
      // Lee writes twice and is written to once: two-way.
      {
        from: 'Lee Park <lee@prospect.test>',
        to: login.user,
        subject: 'Intro',
        id: 's1@p.test',
        date: daysAgo(9),
      },
      {
        from: 'Lee Park <lee@prospect.test>',
        to: login.user,
        subject: 'Follow',
        id: 's2@p.test',
        date: daysAgo(7),
      },
      // Max writes three times, one-way.
      ...[1, 2, 3].map((n) => ({
        from: 'max@vendor.test',
        to: login.user,
        subject: `Offer ${n}`,
        id: `s3-${n}@v.test`,
        date: daysAgo(6 - n),
      })),
      // A known contact with a stranger on Cc: logged with Kim, and Jo is suggested.
      {
        from: 'kim@client.test',
        to: login.user,
        cc: 'Jo Bell <jo@client.test>',
        subject: 'Team',
        id: 's4@c.test',
        date: daysAgo(2),
      },
      // Machines, bulk mail, auto-replies and teammates are never suggested.
      { from: 'noreply@service.test', to: login.user, subject: 'Receipt', id: 's5@s.test', date: daysAgo(2) },
      {
        from: 'news@letters.test',
        to: login.user,
        subject: 'Weekly',
        id: 's6@l.test',
        date: daysAgo(2),
        extra: 'List-Unsubscribe: <mailto:u@letters.test>',
      },
      {
        from: 'away@prospect2.test',
        to: login.user,
        subject: 'Out of office',
        id: 's7@p2.test',
        date: daysAgo(1),
        extra: 'Auto-Submitted: auto-replied',
      },
      { from: 'tom@kith.test', to: login.user, subject: 'Lunch?', id: 's8@k.test', date: daysAgo(1) },
    ]);
    await deliver(dovecot, login, 'Sent', [
      { from: login.user, to: 'lee@prospect.test', subject: 'Re: Intro', id: 's9@k.test', date: daysAgo(8) },
    ]);
    const box = await api.post('/api/mailboxes', {
      imap: {
        host: dovecot.host,
        port: dovecot.port,
        tls: 'none',
        username: login.user,
        password: login.pass,
      },
    });
    const run = await api.post(`/api/mailboxes/${box.body.id}/sync?wait=true`);
    expect(run.body.counts).toEqual({
      seen: 11,
      logged: 1,
      duplicates: 0,
      suggested: 6,
      skipped: 4,
      skipReasons: { noContact: 4 },
    });

    const list = await api.get('/api/suggested-contacts');
    expect(list.body.items.map((s: { email: string }) => s.email)).toEqual([
      'lee@prospect.test',
      'max@vendor.test',
      'jo@client.test',
    ]);
    expect(list.body.items[0]).toMatchObject({ name: 'Lee Park', messageCount: 3, twoWay: true });
    expect(list.body.items[1]).toMatchObject({
      messageCount: 3,
      inboundCount: 3,
      outboundCount: 0,
      twoWay: false,
    });
    expect(list.body.total).toBe(3);
    // Suggestions are as private as the mailbox.
    expect((await apiAs(t.app, teammate.token).get('/api/suggested-contacts')).body.items).toEqual([]);

    // Accepting Lee creates the contact with the three messages on its timeline.
    const accepted = await api.post(`/api/suggested-contacts/${list.body.items[0].id}/accept`, {});
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({
      firstName: 'Lee',
      lastName: 'Park',
      emails: ['lee@prospect.test'],
    });
    const leeTimeline = await api.get(`/api/contacts/${accepted.body.id}/timeline`);
    expect(leeTimeline.body.items.map((i: { summary: string }) => i.summary)).toEqual([
      'Follow',
      'Re: Intro',
      'Intro',
    ]);
    expect(accepted.body.lastTouchAt).toBeTruthy();

    // Accepting Jo adds her to the message already logged with Kim: one interaction, two contacts.
    const jo = list.body.items[2];
    const joContact = await api.post(`/api/suggested-contacts/${jo.id}/accept`, { firstName: 'Joanna' });
    expect(joContact.body).toMatchObject({ firstName: 'Joanna', lastName: 'Bell' });
    const team = await queryRows<{ n: number; contacts: number }>(
      t.store.db,
      sql`select count(distinct i.id)::int as n, count(ic.contact_id)::int as contacts from interactions i
          join interaction_contacts ic on ic.workspace_id = i.workspace_id and ic.interaction_id = i.id
          where i.workspace_id = ${una.workspaceId}::uuid and i.message_id = '<s4@c.test>'`,
    );
    expect(team[0]).toEqual({ n: 1, contacts: 2 });
    expect((await api.get(`/api/contacts/${kim.id}/timeline`)).body.items).toHaveLength(1);

    expect(
      (await api.get('/api/suggested-contacts')).body.items.map((s: { email: string }) => s.email),
    ).toEqual(['max@vendor.test']);
  });

  it('ignores an address or its whole domain, and can undo it', async () => {
    await deliver(dovecot, login, 'INBOX', [
      { from: 'a@spam.test', to: login.user, subject: 'Buy', id: 'i1@spam.test', date: daysAgo(1) },
      { from: 'b@spam.test', to: login.user, subject: 'Buy more', id: 'i2@spam.test', date: daysAgo(1) },
    ]);
    const [box] = (await api.get('/api/mailboxes')).body.items;
    await api.post(`/api/mailboxes/${box.id}/sync?wait=true`);
    const emails = async () =>
      (await api.get('/api/suggested-contacts')).body.items.map((s: { email: string }) => s.email).sort();
    expect(await emails()).toEqual(['a@spam.test', 'b@spam.test', 'max@vendor.test']);
    const items = (await api.get('/api/suggested-contacts')).body.items;
    const max = items.find((s: { email: string }) => s.email === 'max@vendor.test');
    const a = items.find((s: { email: string }) => s.email === 'a@spam.test');

    const one = await api.post(`/api/suggested-contacts/${max.id}/ignore`, {});
    expect(one.body.ignored.map((s: { email: string }) => s.email)).toEqual(['max@vendor.test']);
    const domain = await api.post(`/api/suggested-contacts/${a.id}/ignore`, { scope: 'domain' });
    expect(domain.body.ignored).toHaveLength(2);
    expect(await emails()).toEqual([]);
    expect((await api.get(`/api/mailboxes/${box.id}`)).body.ignore).toEqual(['spam.test']);

    // The ignored domain is never suggested again.
    await deliver(dovecot, login, 'INBOX', [
      { from: 'c@spam.test', to: login.user, subject: 'Last chance', id: 'i3@spam.test', date: daysAgo(0) },
    ]);
    const again = await api.post(`/api/mailboxes/${box.id}/sync?wait=true`);
    expect(again.body.counts).toMatchObject({ seen: 1, suggested: 0, skipped: 1 });

    const undone = await api.post(`/api/suggested-contacts/${a.id}/restore`, { scope: 'domain' });
    expect(undone.body.restored).toHaveLength(2);
    expect((await api.get(`/api/mailboxes/${box.id}`)).body.ignore).toEqual([]);
    expect(await emails()).toEqual(['a@spam.test', 'b@spam.test']);
    expect((await api.post(`/api/suggested-contacts/${max.id}/restore`, {})).body.restored).toHaveLength(1);
  });
});
