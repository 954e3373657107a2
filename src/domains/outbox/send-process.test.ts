import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openStore, queryRows } from '../../db/client.ts';
import { migrate } from '../../db/migrate.ts';
import { inTransaction } from '../../db/transaction.ts';
import { type Dovecot, hasDovecot, startDovecot } from '../../test/dovecot.ts';
import { type Received, type SmtpSink, startSmtpSink } from '../../test/smtp-sink.ts';
import { openTestStore } from '../../test/test-store.ts';
import { insertNewContacts } from '../contacts/insert-new.ts';
import { buildImapMailbox } from '../mailboxes/factories.ts';
import { resolveSealKey } from '../mailboxes/secret.ts';
import { buildUser } from '../workspaces/factories.ts';
import { queueEmail } from './queue.ts';

// The outbox's reliability requirement: workers killed with SIGKILL mid-run (no finally, no goodbye), and
// the SMTP peer still receives each email exactly once, counted by Message-ID. The peer behaves like Gmail:
// each message it accepts is also filed in the sender's Sent folder (a real Dovecot), before its 250, so an
// attempt that died between the server's accept and the commit of `sent` is found there by the next one.
// On PostgreSQL, two workers and 2,000 emails, one killed mid-run. The embedded store allows one process, so
// there one worker is killed mid-run and another started on the same data directory, with fewer emails.

const CHILD = fileURLToPath(new URL('./test-child-send.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const SECRET = 'send process test secret';
const key = resolveSealKey({ secret: SECRET })!;
const LOGINS = { 'sender@pg.test': 'pw-pg-1', 'sender@lite.test': 'pw-lite-1' };
type Login = keyof typeof LOGINS;
const RECOVERED = 'found in the Sent folder after an interrupted attempt';

let dovecot: Dovecot;
let sink: SmtpSink;
let dir: string;
const children: ChildProcess[] = [];
/** Where the sink files what it accepts, and what it does after filing the n-th message of a run. */
let filing: { client: ImapFlow; chain: Promise<unknown>; count: number; after: (n: number) => void } | null =
  null;

/** Appends an accepted message to the Sent folder of the run's sender, one APPEND at a time. */
function fileInSent(message: Received): Promise<void> {
  const f = filing;
  if (!f) return Promise.resolve();
  const appended = f.chain.then(() => f.client.append('Sent', message.raw));
  f.chain = appended.catch(() => undefined);
  return appended.then(() => {
    f.count++;
    f.after(f.count);
  });
}

async function startFiling(login: Login, after: (n: number) => void) {
  const client = new ImapFlow({
    host: dovecot.host,
    port: dovecot.port,
    secure: false,
    auth: { user: login, pass: LOGINS[login] },
    logger: false,
  });
  client.on('error', () => {});
  await client.connect();
  filing = { client, chain: Promise.resolve(), count: 0, after };
}

async function stopFiling() {
  const f = filing;
  filing = null;
  if (!f) return;
  await f.chain;
  await f.client.logout().catch(() => f.client.close());
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kith-send-process-'));
  if (!hasDovecot) return;
  dovecot = await startDovecot({ users: LOGINS });
  sink = await startSmtpSink({ onReceive: fileInSent });
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await stopFiling();
  await sink?.stop();
  await dovecot?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A user with `n` contacts, a mailbox that sends through the sink and reads the Dovecot, and n emails queued. */
async function setUp(db: Db, login: Login, n: number) {
  const user = await buildUser(db, { workspace: `Send ${login}`, email: login });
  const contactIds = Array.from({ length: n }, () => crypto.randomUUID());
  await insertNewContacts({
    db,
    workspaceId: user.workspaceId,
    source: 'manual',
    now: new Date(),
    contacts: contactIds.map((id, i) => ({
      id,
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
    login: { user: login, pass: LOGINS[login] },
    key,
    values: {
      smtpHost: sink.host,
      smtpPort: sink.port,
      smtpTls: 'none',
      // The limits would put most of the run off by an hour; this test is about the kill.
      hourlyLimit: 1_000_000,
      dailyLimit: 1_000_000,
    },
  });
  for (let start = 0; start < n; start += 250) {
    await inTransaction(db, async (tx) => {
      for (const contactId of contactIds.slice(start, start + 250)) {
        await queueEmail({
          db: tx,
          workspaceId: user.workspaceId,
          actorId: user.userId,
          contactId,
          mailboxId: box.id,
          source: 'manual',
          content: { subject: 'Hello', body: 'Hi {{contact.firstName}}, a note from Kith.' },
        });
      }
    });
  }
  return { workspaceId: user.workspaceId };
}

/** A worker process running the job runner on the store; `finish` makes it exit once the outbox is done. */
function startWorker(name: string, store: Record<string, string>, workspaceId: string, finish = false) {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...store,
      KITH_SECRET: SECRET,
      KITH_TEST_SEND_WORKSPACE: workspaceId,
      KITH_TEST_SEND_WORKER: name,
      // A killed worker's emails wait out this lease before another worker looks for them in Sent.
      KITH_SEND_LEASE_SECONDS: '10',
      ...(finish ? { KITH_TEST_SEND_FINISH: '1' } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, exited, output: () => ({ out, err }) };
}

/** Polls `check` until it answers true, failing after `timeoutMs` with what `explain` says. */
async function until(check: () => Promise<boolean> | boolean, timeoutMs: number, explain: () => string) {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms: ${explain()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Every email sent, each received by the sink exactly once, each logged as exactly one interaction. */
async function checkExactlyOnce(db: Db, workspaceId: string, login: Login, n: number, label: string) {
  const checkedAt = Date.now();
  const rows = await queryRows<{
    id: string;
    status: string;
    message_id: string;
    smtp_response: string | null;
    last_error: string | null;
    attempts: number;
    interactions: number;
  }>(
    db,
    sql`select o.id, o.status, o.message_id, o.smtp_response, o.last_error, o.attempts,
          (select count(*)::int from interactions i
            where i.workspace_id = o.workspace_id and i.message_id = o.message_id) as interactions
        from outbox o where o.workspace_id = ${workspaceId}::uuid`,
  );
  expect(rows).toHaveLength(n);
  const notSent = rows.filter((r) => r.status !== 'sent');
  expect(notSent, JSON.stringify(notSent.slice(0, 5))).toEqual([]);

  const domain = `@${login.slice(login.indexOf('@') + 1)}>`;
  const times = new Map<string, number>();
  for (const m of sink.received) {
    if (m.messageId.endsWith(domain)) times.set(m.messageId, (times.get(m.messageId) ?? 0) + 1);
  }
  const twice = [...times].filter(([, count]) => count > 1);
  expect(twice, 'received more than once').toEqual([]);
  const missing = rows.filter((r) => times.get(r.message_id) !== 1).map((r) => r.message_id);
  expect(missing, 'never received').toEqual([]);
  expect(times.size).toBe(n);

  const logged = rows.filter((r) => r.interactions !== 1);
  expect(logged, 'not logged exactly once').toEqual([]);
  const [interactions] = await queryRows<{ n: number; ids: number }>(
    db,
    sql`select count(*)::int as n, count(distinct message_id)::int as ids from interactions
        where workspace_id = ${workspaceId}::uuid and kind = 'email' and direction = 'out'`,
  );
  expect(interactions).toEqual({ n, ids: n });

  const recovered = rows.filter((r) => r.smtp_response === RECOVERED).length;
  const retried = rows.filter((r) => r.attempts > 1).length;
  console.log(
    `${label}: ${n} sent, each received once; ${retried} claimed more than once, ` +
      `${recovered} recorded from the Sent folder after the kill (checked in ${Date.now() - checkedAt} ms)`,
  );
}

describe.skipIf(!hasDovecot)('the outbox with a worker killed by SIGKILL mid-run', () => {
  it.runIf(process.env.TEST_DATABASE_URL)(
    'on PostgreSQL, two workers and 2,000 emails: each received exactly once',
    { timeout: 180_000 },
    async () => {
      const N = 2000;
      const KILL_AT = 600;
      const login: Login = 'sender@pg.test';
      const store = await openTestStore();
      try {
        const queuing = Date.now();
        const { workspaceId } = await setUp(store.db, login, N);
        const sending = Date.now();
        const url = { KITH_TEST_SEND_DATABASE_URL: store.url ?? '' };
        const workers = [startWorker('one', url, workspaceId), startWorker('two', url, workspaceId)];
        const [victim, survivor] = workers as [(typeof workers)[0], (typeof workers)[0]];
        let killedAt: number | null = null;
        // Killed from the sink, the moment a message is filed and before the server answers 250: with four
        // jobs at a time, the victim most likely has an email between the server's accept and its commit.
        await startFiling(login, (count) => {
          if (killedAt === null && count >= KILL_AT) {
            killedAt = count;
            victim.child.kill('SIGKILL');
          }
        });
        const status = async () => {
          const [c] = await queryRows<{ open: number; sent: number; failed: number }>(
            store.db,
            sql`select count(*) filter (where status in ('queued', 'sending'))::int as open,
                  count(*) filter (where status = 'sent')::int as sent,
                  count(*) filter (where status = 'failed')::int as failed
                from outbox where workspace_id = ${workspaceId}::uuid`,
          );
          return c!;
        };
        let last = { open: N, sent: 0, failed: 0 };
        await until(
          async () => killedAt !== null,
          90_000,
          () => `no kill: ${JSON.stringify(victim.output())} ${JSON.stringify(survivor.output())}`,
        );
        expect((await victim.exited).signal).toBe('SIGKILL');
        const atKill = await status();
        // A kill after the run would prove nothing.
        expect(atKill.open).toBeGreaterThan(N / 2);
        await until(
          async () => {
            last = await status();
            return last.open === 0;
          },
          120_000,
          () => `still open: ${JSON.stringify(last)}; survivor: ${survivor.output().err}`,
        );
        expect(survivor.child.exitCode).toBeNull();
        await stopFiling();
        const label = `PostgreSQL (queued in ${sending - queuing} ms, sent in ${Date.now() - sending} ms, killed at ${killedAt})`;
        await checkExactlyOnce(store.db, workspaceId, login, N, label);
      } finally {
        for (const child of children) child.kill('SIGKILL');
        await stopFiling();
        await store.close();
      }
    },
  );

  it('on the embedded store, a worker killed and another started: each received exactly once', {
    timeout: 180_000,
  }, async () => {
    const N = 300;
    const KILL_AT = 100;
    const login: Login = 'sender@lite.test';
    const dataDir = join(dir, 'data');
    const queuing = Date.now();
    let store = await openStore({ dataDir });
    await migrate(store);
    const { workspaceId } = await setUp(store.db, login, N);
    await store.close();
    const sending = Date.now();
    const where = { KITH_TEST_SEND_DATA_DIR: dataDir };

    const victim = startWorker('one', where, workspaceId);
    let killedAt: number | null = null;
    await startFiling(login, (count) => {
      if (killedAt === null && count >= KILL_AT) {
        killedAt = count;
        victim.child.kill('SIGKILL');
      }
    });
    await until(
      () => killedAt !== null || victim.child.exitCode !== null,
      90_000,
      () => `no kill: ${JSON.stringify(victim.output())}`,
    );
    expect((await victim.exited).signal).toBe('SIGKILL');
    // A kill after the run would prove nothing.
    expect(sink.received.filter((m) => m.messageId.endsWith('@lite.test>')).length).toBeLessThan(N / 2);

    const survivor = startWorker('two', where, workspaceId, true);
    const ended = await Promise.race([
      survivor.exited,
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 120_000).unref()),
    ]);
    expect(ended, `survivor: ${JSON.stringify(survivor.output()).slice(-2000)}`).toEqual({
      code: 0,
      signal: null,
    });
    expect(survivor.output().out).toContain('done');
    await stopFiling();
    store = await openStore({ dataDir });
    try {
      const label = `embedded store (queued in ${sending - queuing} ms, sent in ${Date.now() - sending} ms, killed at ${killedAt})`;
      await checkExactlyOnce(store.db, workspaceId, login, N, label);
    } finally {
      await store.close();
    }
  });
});
