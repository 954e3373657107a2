import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, eq, sql } from 'drizzle-orm';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openStore, queryRows } from '../../db/client.ts';
import { migrate } from '../../db/migrate.ts';
import { type Dovecot, hasDovecot, startDovecot } from '../../test/dovecot.ts';
import { type StoredMessage, writeMaildir } from '../../test/maildir.ts';
import { openTestStore } from '../../test/test-store.ts';
import { insertNewContacts } from '../contacts/insert-new.ts';
import { buildUser } from '../workspaces/factories.ts';
import { buildImapMailbox } from './factories.ts';
import { mailboxes } from './schema.ts';
import { resolveSealKey } from './secret.ts';
import { syncMailbox } from './sync.ts';

// A sync killed with SIGKILL mid-way (no finally, no goodbye), then run again, must end as one
// uninterrupted sync: every message to a contact logged once, none twice, each folder's checkpoint at its
// last UID. On both stores: the embedded one in a data directory on disk, and PostgreSQL.

const CHILD = fileURLToPath(new URL('./test-child-sync.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const SECRET = 'sync process test secret';
const key = resolveSealKey({ secret: SECRET })!;
const LOGINS = { 'pg@kith.test': 'pw-pg-1', 'lite@kith.test': 'pw-lite-1' };
const CONTACTS = 200;
/** Per folder: enough for several batches of 200 (sync.ts). */
const FOLDERS = { INBOX: 900, Sent: 400 };

let dovecot: Dovecot;
let dir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kith-sync-process-'));
  if (hasDovecot) dovecot = await startDovecot({ users: LOGINS });
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await dovecot?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Fills a user's INBOX and Sent: mail from and to contacts (some with a second contact in Cc), and in the
 * INBOX every eighth message from a stranger. Returns how many messages have a contact.
 */
function fillMailbox(login: string): number {
  let withContact = 0;
  const now = Date.now();
  for (const [folder, total] of Object.entries(FOLDERS)) {
    const messages: StoredMessage[] = [];
    for (let i = 0; i < total; i++) {
      const contact = `c${i % CONTACTS}@client.test`;
      const stranger = folder === 'INBOX' && i % 8 === 0;
      const other = stranger ? `someone${i}@else.test` : contact;
      const date = new Date(now - (total - i) * 3_600_000);
      const [from, to] = folder === 'Sent' ? [login, other] : [other, login];
      const raw = [
        `From: ${from}`,
        `To: ${to}`,
        ...(i % 5 === 0 ? [`Cc: c${(i + 1) % CONTACTS}@client.test`] : []),
        `Subject: ${folder} message ${i}`,
        `Message-ID: <${folder}.${i}.${login}>`,
        `Date: ${date.toUTCString()}`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        `Message ${i} of ${folder}. ${'Some words of text. '.repeat(40)}`,
        '',
      ].join('\r\n');
      messages.push({ raw, receivedAt: date });
      if (!stranger || i % 5 === 0) withContact++;
    }
    writeMaildir({ dovecot, login, folder, messages });
  }
  return withContact;
}

/** A user with CONTACTS contacts and a mailbox on the test Dovecot; returns their ids. */
async function setUp(db: Db, login: string) {
  const user = await buildUser(db, { workspace: `Sync ${login}` });
  await insertNewContacts({
    db,
    workspaceId: user.workspaceId,
    source: 'manual',
    now: new Date(),
    contacts: Array.from({ length: CONTACTS }, (_, i) => ({
      id: crypto.randomUUID(),
      firstName: 'Client',
      lastName: `Number ${i}`,
      title: null,
      linkedinUrl: null,
      companyId: null,
      ownerId: user.userId,
      tierId: null,
      tags: [],
      phones: [],
      birthday: null,
      emails: [`c${i}@client.test`],
    })),
  });
  const box = await buildImapMailbox(db, {
    ...user,
    server: dovecot,
    login: { user: login, pass: LOGINS[login as keyof typeof LOGINS] },
    key,
  });
  return { workspaceId: user.workspaceId, mailboxId: box.id };
}

/** Runs the sync in a child process and kills it with SIGKILL once it reports a batch committed. */
async function syncAndKill(ids: { workspaceId: string; mailboxId: string }, store: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...store,
      KITH_SECRET: SECRET,
      KITH_TEST_SYNC_WORKSPACE: ids.workspaceId,
      KITH_TEST_SYNC_MAILBOX: ids.mailboxId,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const exited = new Promise((resolve) => child.on('exit', (_, signal) => resolve(signal)));
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (/^batch \d+$/m.test(out)) resolve();
    });
    child.on('exit', (code) => reject(new Error(`the sync exited (${code}) before a batch: ${err}`)));
  });
  // A sync that ended before the kill would prove nothing.
  expect(out).not.toContain('done');
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
}

/** Each folder's last UID on the server. */
async function lastUids(login: string): Promise<Record<string, number>> {
  const client = new ImapFlow({
    host: dovecot.host,
    port: dovecot.port,
    secure: false,
    auth: { user: login, pass: LOGINS[login as keyof typeof LOGINS] },
    logger: false,
  });
  await client.connect();
  const uids: Record<string, number> = {};
  for (const folder of Object.keys(FOLDERS)) {
    const status = await client.status(folder, { uidNext: true });
    uids[folder] = (status ? (status.uidNext ?? 1) : 1) - 1;
  }
  await client.logout();
  return uids;
}

/** After the kill: a checkpoint was written, and the sync is not done. Then the sync runs again to its end. */
async function resumeAndCheck(db: Db, ids: { workspaceId: string; mailboxId: string }, expected: number) {
  const where = and(eq(mailboxes.workspaceId, ids.workspaceId), eq(mailboxes.id, ids.mailboxId));
  const [killed] = await db.select().from(mailboxes).where(where);
  expect(killed?.status).toBe('syncing');
  expect(killed?.folderStates[0]?.lastUid).toBeGreaterThan(0);
  expect(killed?.counts.seen).toBeLessThan(FOLDERS.INBOX + FOLDERS.Sent);

  await syncMailbox({ db, ...ids, key, backfillDays: 3650 });

  const [logged] = await queryRows<{ n: number; ids: number }>(
    db,
    sql`select count(*)::int as n, count(distinct external_id)::int as ids from interactions
        where workspace_id = ${ids.workspaceId}::uuid and source = 'sync'`,
  );
  expect(logged).toEqual({ n: expected, ids: expected });
  const [after] = await db.select().from(mailboxes).where(where);
  const total = FOLDERS.INBOX + FOLDERS.Sent;
  expect(after?.status).toBe('idle');
  expect(after?.counts).toEqual({
    seen: total,
    logged: expected,
    duplicates: 0,
    // The strangers' messages are suggestions, each counted once across the kill.
    suggested: total - expected,
    skipped: 0,
  });
  const uids = await lastUids(killed!.address);
  expect(uids).toEqual(FOLDERS);
  expect(Object.fromEntries(after!.folderStates.map((f) => [f.name, f.lastUid]))).toEqual(uids);
}

describe.skipIf(!hasDovecot)('a mailbox sync killed with SIGKILL and run again', () => {
  it('on the embedded store, ends as one uninterrupted sync', { timeout: 300_000 }, async () => {
    const dataDir = join(dir, 'data');
    const login = 'lite@kith.test';
    const expected = fillMailbox(login);
    let store = await openStore({ dataDir });
    await migrate(store);
    const ids = await setUp(store.db, login);
    await store.close();
    await syncAndKill(ids, { KITH_TEST_SYNC_DATA_DIR: dataDir });
    store = await openStore({ dataDir });
    try {
      await resumeAndCheck(store.db, ids, expected);
    } finally {
      await store.close();
    }
  });

  it.runIf(process.env.TEST_DATABASE_URL)(
    'on PostgreSQL, ends as one uninterrupted sync',
    { timeout: 300_000 },
    async () => {
      const login = 'pg@kith.test';
      const expected = fillMailbox(login);
      const store = await openTestStore();
      try {
        const ids = await setUp(store.db, login);
        await syncAndKill(ids, { KITH_TEST_SYNC_DATABASE_URL: store.url ?? '' });
        await resumeAndCheck(store.db, ids, expected);
      } finally {
        await store.close();
      }
    },
  );
});
