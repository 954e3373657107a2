import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openStore, queryRows, type Store } from '../../db/client.ts';
import { inTransaction } from '../../db/transaction.ts';
import { type Dovecot, hasDovecot, startDovecot } from '../../test/dovecot.ts';
import { type Mail, rawMessage } from '../../test/mail.ts';
import { writeMaildir } from '../../test/maildir.ts';
import { openTestStore, type TestStore } from '../../test/test-store.ts';
import { refreshDueState } from '../cadence/due-state.ts';
import { buildContact } from '../contacts/factories.ts';
import { findDropboxOwner, getDropbox } from '../dropbox/dropbox.ts';
import { logDropboxMessage } from '../dropbox/log-message.ts';
import { readDropboxMessage } from '../dropbox/plan-message.ts';
import { acceptSuggestion } from '../suggestions/suggestions.ts';
import { buildUser, type TestUser } from '../workspaces/factories.ts';
import { buildImapMailbox } from './factories.ts';
import type { SyncCounts } from './schema.ts';
import { resolveSealKey } from './secret.ts';
import { syncMailbox } from './sync.ts';

// The capture paths racing on PostgreSQL, as several server and worker processes do: two pools on one
// database stand for two processes. Where an interleaving matters, a third connection holds a row lock that
// one writer needs, so the others are made to run into the window deterministically; the test waits for
// them to be blocked (pg_stat_activity) rather than sleeping. PGlite runs one statement at a time, so only
// PostgreSQL can show these races.

const url = process.env.TEST_DATABASE_URL;
const key = resolveSealKey({ secret: 'sync concurrency test secret' })!;
const LOGINS: Record<string, string> = {
  'ann@conc.test': 'pw-ann',
  'ben@conc.test': 'pw-ben',
  'cat@conc.test': 'pw-cat',
  'dan@conc.test': 'pw-dan',
  'eve@conc.test': 'pw-eve',
  'fay@conc.test': 'pw-fay',
  'gus@conc.test': 'pw-gus',
  'hal@conc.test': 'pw-hal',
};

let first: TestStore;
let second: Store;
let dovecot: Dovecot;
/** Holds locks in a transaction of its own, to stop a writer at a chosen point. */
let holder: pg.Client;
/** Watches pg_stat_activity (outside any transaction, whose snapshot would never change). */
let watcher: pg.Client;

beforeAll(async () => {
  if (!url || !hasDovecot) return;
  first = await openTestStore({ poolSize: 4 });
  second = await openStore({ databaseUrl: first.url!, poolSize: 4 });
  dovecot = await startDovecot({ users: LOGINS });
  holder = new pg.Client({ connectionString: first.url! });
  watcher = new pg.Client({ connectionString: first.url! });
  await holder.connect();
  await watcher.connect();
});
afterAll(async () => {
  await holder?.end();
  await watcher?.end();
  await dovecot?.stop();
  await second?.close();
  await first?.close();
});

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);

function putMail(login: string, mails: Mail[], folder = 'INBOX') {
  writeMaildir({
    dovecot,
    login,
    folder,
    messages: mails.map((m) => ({ raw: rawMessage(m), receivedAt: new Date(m.date) })),
  });
}

const mailboxFor = (user: TestUser, login: string) =>
  buildImapMailbox(first.db, {
    ...user,
    server: dovecot,
    login: { user: login, pass: LOGINS[login]! },
    key,
    values: { folders: ['INBOX'] },
  });

const sync = (db: Db, user: TestUser, mailboxId: string) =>
  syncMailbox({ db, workspaceId: user.workspaceId, mailboxId, key, backfillDays: 365 });

/** Waits until `n` backends of the test database wait for a lock (polling pg_stat_activity, not a timer). */
async function lockWaiters(n: number): Promise<void> {
  for (;;) {
    const { rows } = await watcher.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'`,
    );
    if ((rows[0]?.n ?? 0) >= n) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Runs `fn` while the holder connection keeps the row `select` picks locked FOR UPDATE; releases after. */
async function whileLocked<T>(lockSql: string, params: unknown[], fn: () => Promise<T>): Promise<T> {
  await holder.query('begin');
  // The holder checks for a deadlock last, so the writer it blocks is the one PostgreSQL aborts. Only a
  // superuser may set this; without it both wait the server's timeout, and the writer started waiting first.
  const { rows } = await holder.query<{ su: string }>(`select current_setting('is_superuser') as su`);
  if (rows[0]?.su === 'on') await holder.query(`set local deadlock_timeout = '30s'`);
  await holder.query(lockSql, params);
  try {
    return await fn();
  } finally {
    await holder.query('rollback');
  }
}

/** Each Message-ID's interactions in the workspace, and the contact emails linked to each. */
async function loggedMail(workspaceId: string) {
  return queryRows<{ message_id: string; interactions: number; emails: string[]; links: number }>(
    first.db,
    sql`select i.message_id, count(distinct i.id)::int as interactions,
          array_agg(distinct ce.email order by ce.email) filter (where ce.email is not null) as emails,
          count(ic.contact_id)::int as links
        from interactions i
        left join interaction_contacts ic on ic.workspace_id = i.workspace_id and ic.interaction_id = i.id
        left join contact_emails ce on ce.workspace_id = i.workspace_id and ce.contact_id = ic.contact_id
        where i.workspace_id = ${workspaceId}::uuid
        group by i.message_id order by i.message_id`,
  );
}

/** Every contact's stored due state. */
async function dueStates(workspaceId: string) {
  return queryRows<Record<string, unknown>>(
    first.db,
    sql`select id, last_touch_at, next_step_on, next_due_on, due_reason, today_on, is_orphan from contacts
        where workspace_id = ${workspaceId}::uuid order by id`,
  );
}

/** The due state is what a fresh refresh computes: refreshing every contact again changes nothing. */
async function expectDueStateFresh(workspaceId: string) {
  const before = await dueStates(workspaceId);
  await inTransaction(first.db, (tx) => refreshDueState({ db: tx, workspaceId, scope: { all: true } }));
  expect(await dueStates(workspaceId)).toEqual(before);
}

const addsUp = (c: SyncCounts) => c.logged + c.duplicates + c.suggested + c.skipped;

describe.runIf(url && hasDovecot)('mailbox sync racing (PostgreSQL, two pools, real Dovecot)', () => {
  it('logs the same 300 messages in two teammates mailboxes once each, with every contact', async () => {
    const ann = await buildUser(first.db, { workspace: 'Race One', email: 'ann@conc.test' });
    const ben = await buildUser(first.db, { workspace: 'Race One', email: 'ben@conc.test' });
    const people = Array.from({ length: 30 }, (_, i) => `person${String(i).padStart(2, '0')}@client.test`);
    for (const email of people) await buildContact(first.db, ann.workspaceId, { email });
    const strangers = ['sam@far.test', 'sue@far.test', 'sid@far.test'];
    const mails: Mail[] = [];
    const expected = new Map<string, string[]>();
    for (let i = 0; i < 300; i++) {
      const from = people[i % 30]!;
      // Every third message copies another contact: it must be linked to both.
      const cc = i % 3 === 0 ? people[(i + 7) % 30]! : undefined;
      const id = `race-${String(i).padStart(3, '0')}@client.test`;
      mails.push({
        from,
        to: 'ann@conc.test',
        cc: ['ben@conc.test', ...(cc ? [cc] : [])].join(', '),
        subject: `Deal ${i}`,
        id,
        date: hoursAgo(i + 1).toUTCString(),
      });
      expected.set(`<${id}>`, [from, ...(cc ? [cc] : [])].sort());
    }
    for (let i = 0; i < 30; i++) {
      mails.push({
        from: strangers[i % 3]!,
        to: 'ann@conc.test',
        cc: 'ben@conc.test',
        subject: `Hello ${i}`,
        id: `stranger-${i}@far.test`,
        date: hoursAgo(i + 2).toUTCString(),
      });
    }
    // Opposite orders: Ann's first batch is Ben's last, so both write the same Message-IDs at once.
    putMail('ann@conc.test', mails);
    putMail('ben@conc.test', [...mails].reverse());
    const annBox = await mailboxFor(ann, 'ann@conc.test');
    const benBox = await mailboxFor(ben, 'ben@conc.test');

    const [a, b] = await Promise.all([sync(first.db, ann, annBox.id), sync(second.db, ben, benBox.id)]);

    for (const c of [a, b]) {
      expect(c.seen).toBe(330);
      expect(addsUp(c)).toBe(c.seen);
      expect(c.suggested).toBe(30);
      expect(c.logged + c.duplicates).toBe(300);
    }
    expect(a.logged + b.logged).toBe(300);
    const stored = await queryRows<{ counts: SyncCounts }>(
      first.db,
      sql`select counts from mailboxes where workspace_id = ${ann.workspaceId}::uuid order by address`,
    );
    expect(stored.map((r) => r.counts)).toEqual([a, b]);

    const logged = await loggedMail(ann.workspaceId);
    expect(logged).toHaveLength(300);
    for (const row of logged) {
      expect(row.interactions, row.message_id).toBe(1);
      expect(row.emails, row.message_id).toEqual(expected.get(row.message_id));
      expect(row.links, row.message_id).toBe(expected.get(row.message_id)!.length);
    }
    await expectDueStateFresh(ann.workspaceId);

    // Each user has their own suggestion of each stranger, counting the 10 messages each sent once.
    const suggestions = await queryRows<{ user_id: string; email: string; inbound_count: number; n: number }>(
      first.db,
      sql`select s.user_id, s.email, s.inbound_count,
            (select count(*)::int from suggested_messages m
              where m.workspace_id = s.workspace_id and m.suggestion_id = s.id) as n
          from suggested_contacts s where s.workspace_id = ${ann.workspaceId}::uuid order by s.email, s.user_id`,
    );
    const users = [ann.userId, ben.userId].sort();
    expect(suggestions).toEqual(
      [...strangers]
        .sort()
        .flatMap((email) => users.map((user_id) => ({ user_id, email, inbound_count: 10, n: 10 }))),
    );
  });

  it('retries a batch that loses a deadlock, and counts it once', async () => {
    const fay = await buildUser(first.db, { workspace: 'Race Deadlock', email: 'fay@conc.test' });
    const [low, high] = (
      await Promise.all(
        ['kim@client.test', 'lou@client.test'].map((email) =>
          buildContact(first.db, fay.workspaceId, { email }),
        ),
      )
    ).sort((x, y) => (x.id < y.id ? -1 : 1));
    const mails: Mail[] = Array.from({ length: 250 }, (_, i) => ({
      from: i % 2 ? 'kim@client.test' : 'lou@client.test',
      to: 'fay@conc.test',
      cc: i % 5 ? undefined : 'kim@client.test, lou@client.test',
      subject: `Thread ${i}`,
      id: `deadlock-${i}@client.test`,
      date: hoursAgo(i + 1).toUTCString(),
    }));
    putMail('fay@conc.test', mails);
    const box = await mailboxFor(fay, 'fay@conc.test');
    let attempts = 0;
    // The same pool, counting the transactions it opens: a batch's attempts, retries included.
    const counting = Object.create(second.db, {
      transaction: {
        value: (...args: Parameters<Db['transaction']>) => {
          attempts++;
          return second.db.transaction(...args);
        },
      },
    }) as Db;

    // Wrapped: a bare promise returned would be awaited before the holder lets go, which the retry waits for.
    const { running } = await whileLocked(
      'select id from contacts where id = $1 for update',
      [high!.id],
      async () => {
        // The batch locks its contacts in id order: it takes `low`, then waits for `high`, held here.
        const running = sync(counting, fay, box.id);
        await lockWaiters(1);
        // Waiting for `low` closes the cycle. The batch's deadlock check fires first (see whileLocked)
        // and aborts it, which lets this lock through; the batch is retried once the holder rolls back.
        await holder.query('select id from contacts where id = $1 for update', [low!.id]);
        return { running };
      },
    );
    const counts = await running;

    expect(attempts).toBe(3); // two batches (200 + 50), the first one twice
    expect(counts).toEqual({ seen: 250, logged: 250, duplicates: 0, suggested: 0, skipped: 0 });
    const [stored] = await queryRows<{ counts: SyncCounts; interactions: number }>(
      first.db,
      sql`select counts, (select count(*)::int from interactions where workspace_id = ${fay.workspaceId}::uuid)
            as interactions from mailboxes where id = ${box.id}::uuid`,
    );
    expect(stored).toEqual({ counts, interactions: 250 });
    await expectDueStateFresh(fay.workspaceId);
  });

  /**
   * Two teammates (called Cat, who accepts, and Dan, whose sync runs meanwhile) who both synced 5 messages from
   * one stranger, so each has a suggestion of them; 5 later ones wait in Dan's mailbox. `cc`, a contact, is on
   * every message when given.
   */
  async function strangerSetup(workspace: string, logins: [string, string], cc?: string) {
    const cat = await buildUser(first.db, { workspace, email: logins[0] });
    const dan = await buildUser(first.db, { workspace, email: logins[1] });
    if (cc) await buildContact(first.db, cat.workspaceId, { email: cc });
    const stranger = `xena-${workspace.replaceAll(' ', '-').toLowerCase()}@far.test`;
    const mail = (i: number): Mail => ({
      from: stranger,
      to: logins[0],
      cc: [logins[1], ...(cc ? [cc] : [])].join(', '),
      subject: `Question ${i}`,
      id: `${workspace.replaceAll(' ', '-')}-${i}@far.test`,
      date: hoursAgo(20 - i).toUTCString(),
    });
    const early = Array.from({ length: 5 }, (_, i) => mail(i));
    putMail(logins[0], early);
    putMail(logins[1], [...early].reverse());
    const catBox = await mailboxFor(cat, logins[0]);
    const danBox = await mailboxFor(dan, logins[1]);
    await Promise.all([sync(first.db, cat, catBox.id), sync(second.db, dan, danBox.id)]);
    const rows = await queryRows<{ id: string; user_id: string; inbound_count: number }>(
      first.db,
      sql`select id, user_id, inbound_count from suggested_contacts
          where workspace_id = ${cat.workspaceId}::uuid order by user_id`,
    );
    expect(rows.map((r) => [r.user_id, r.inbound_count])).toEqual(
      [cat.userId, dan.userId].sort().map((u) => [u, 5]),
    );
    // Later messages reach Dan's mailbox only: his next sync is the one racing Cat's accept.
    const later = Array.from({ length: 5 }, (_, i) => mail(i + 5));
    putMail(logins[1], later);
    const catSuggestion = rows.find((r) => r.user_id === cat.userId)!;
    return { cat, dan, danBox, stranger, catSuggestion, ids: [...early, ...later].map((m) => m.id) };
  }

  /** Cat accepts on one pool while Dan's sync, stopped by `lock` mid-batch, runs on the other. */
  async function acceptDuringSync(
    setup: Awaited<ReturnType<typeof strangerSetup>>,
    lockSql: string,
    params: unknown[],
  ) {
    const { cat, dan, danBox, catSuggestion } = setup;
    const accept = () =>
      inTransaction(first.db, (tx) =>
        acceptSuggestion({
          db: tx,
          workspaceId: cat.workspaceId,
          actorId: cat.userId,
          id: catSuggestion.id,
          input: {},
        }),
      );
    const { running, accepting } = await whileLocked(lockSql, params, async () => {
      const running = sync(second.db, dan, danBox.id);
      await lockWaiters(1); // Dan's batch has read who is a contact, and waits for the held row
      const accepting = accept();
      // The accept either finishes inside the window or waits for Dan's batch; both must end right.
      await Promise.race([accepting, lockWaiters(2)]);
      return { running, accepting };
    });
    const [counts, contact] = await Promise.all([running, accepting]);
    expect(addsUp(counts)).toBe(counts.seen);
    expect(counts.seen).toBe(5);
    return { counts, contact };
  }

  async function expectStrangerLogged(setup: Awaited<ReturnType<typeof strangerSetup>>, contactId: string) {
    const ws = setup.cat.workspaceId;
    const contacts = await queryRows<{ contact_id: string }>(
      first.db,
      sql`select contact_id from contact_emails where workspace_id = ${ws}::uuid and email = ${setup.stranger}`,
    );
    expect(contacts).toEqual([{ contact_id: contactId }]);
    const linked = await queryRows<{ message_id: string; interactions: number; links: number }>(
      first.db,
      sql`select i.message_id, count(distinct i.id)::int as interactions,
            count(ic.contact_id) filter (where ic.contact_id = ${contactId}::uuid)::int as links
          from interactions i
          left join interaction_contacts ic on ic.workspace_id = i.workspace_id and ic.interaction_id = i.id
          where i.workspace_id = ${ws}::uuid group by i.message_id order by i.message_id`,
    );
    expect(linked).toEqual(
      setup.ids
        .map((id) => `<${id}>`)
        .sort()
        .map((message_id) => ({ message_id, interactions: 1, links: 1 })),
    );
    await expectDueStateFresh(ws);
  }

  it('accepting a suggestion while a teammate sync records the stranger loses none of their mail', async () => {
    const setup = await strangerSetup('Race Accept A', ['cat@conc.test', 'dan@conc.test']);
    // Dan's batch stops at his own suggestion row, after deciding the stranger is no contact.
    const { counts, contact } = await acceptDuringSync(
      setup,
      'select id from suggested_contacts where workspace_id = $1 and user_id = $2 for update',
      [setup.dan.workspaceId, setup.dan.userId],
    );
    expect(counts.logged + counts.duplicates + counts.suggested).toBe(5);
    await expectStrangerLogged(setup, contact.id);
  });

  it('a sync batch that read the stranger as unknown links them once they are accepted meanwhile', async () => {
    const setup = await strangerSetup('Race Accept B', ['gus@conc.test', 'hal@conc.test'], 'kit@client.test');
    const [kit] = await queryRows<{ contact_id: string }>(
      first.db,
      sql`select contact_id from contact_emails where workspace_id = ${setup.cat.workspaceId}::uuid
          and email = 'kit@client.test'`,
    );
    // Dan's batch stops at the known contact on the mail (recordTouches locks it); Cat's accept never needs it.
    const { counts, contact } = await acceptDuringSync(
      setup,
      'select id from contacts where id = $1 for update',
      [kit!.contact_id],
    );
    expect(counts.logged + counts.duplicates).toBe(5);
    await expectStrangerLogged(setup, contact.id);
  });

  it('the same message through the dropbox and the sync at once is one interaction', async () => {
    const eve = await buildUser(first.db, { workspace: 'Race Dropbox', email: 'eve@conc.test' });
    const known = await buildContact(first.db, eve.workspaceId, { email: 'kay@client.test' });
    const mail: Mail = {
      from: 'eve@conc.test',
      to: 'kay@client.test, ned@new.test',
      subject: 'Proposal',
      id: 'both-ways@conc.test',
      date: hoursAgo(3).toUTCString(),
    };
    putMail('eve@conc.test', [mail]);
    const box = await mailboxFor(eve, 'eve@conc.test');
    const dropbox = await getDropbox({ db: first.db, workspaceId: eve.workspaceId, userId: eve.userId });
    const owner = (await findDropboxOwner({ db: first.db, token: dropbox.token }))!;
    const read = await readDropboxMessage({ source: Buffer.from(rawMessage(mail)), now: new Date() });

    const { running, dropped } = await whileLocked(
      'select id from contacts where id = $1 for update',
      [known.id],
      async () => {
        const running = sync(first.db, eve, box.id);
        const dropped = inTransaction(second.db, (tx) =>
          logDropboxMessage({ db: tx, owner, read, now: new Date() }),
        );
        // Both have read who the contacts are and wait to lock Kay: released, they race on the Message-ID.
        await lockWaiters(2);
        return { running, dropped };
      },
    );
    const [counts, outcome] = await Promise.all([running, dropped]);
    expect(counts.seen).toBe(1);
    expect(addsUp(counts)).toBe(1);
    expect(outcome.status === 'logged' ? 1 : 0).toBe(1 - counts.logged);
    const logged = await loggedMail(eve.workspaceId);
    expect(logged).toEqual([
      {
        message_id: '<both-ways@conc.test>',
        interactions: 1,
        emails: ['kay@client.test', 'ned@new.test'],
        links: 2,
      },
    ]);
    await expectDueStateFresh(eve.workspaceId);
  });
});
