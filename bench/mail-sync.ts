// Syncs a generated mailbox of N messages (bench/mail-generate.ts) from a local Dovecot into a fresh store,
// against a bare imapflow fetch of the same messages (the same SEARCH, batches and FETCH as the sync, nothing
// parsed or stored): the limit the IMAP side sets. Reports messages per minute and the ratio of the two.
// run.ts calls it (`npm run bench -- --mail-messages N`, 0 skips it); `npx tsx bench/mail-sync.ts
// [--messages 20000] [--store pglite|postgres]` runs it alone. It needs Dovecot and root (src/test/dovecot.ts)
// and says so when they are missing. Figures: docs/benchmarks.md.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ImapFlow } from 'imapflow';
import { z } from 'zod';
import { insertNewContacts } from '../src/domains/contacts/insert-new.ts';
import { fetchHeads } from '../src/domains/mailboxes/imap.ts';
import { mailboxes, type SyncCounts } from '../src/domains/mailboxes/schema.ts';
import { resolveSealKey, seal } from '../src/domains/mailboxes/secret.ts';
import { FETCH_BYTES, SYNC_BATCH, syncMailbox } from '../src/domains/mailboxes/sync.ts';
import { createUser } from '../src/domains/workspaces/create-user.ts';
import { type Dovecot, hasDovecot, startDovecot } from '../src/test/dovecot.ts';
import { writeMaildir } from '../src/test/maildir.ts';
import { openFreshStore } from './fresh-store.ts';
import { contactAddress, generateMailbox } from './mail-generate.ts';

const log = (m: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${m}\n`);

const LOGIN = { user: 'bench@kith.test', pass: 'bench-mail-password' };
const CONTACTS = 3_000;
const BACKFILL_DAYS = 3650;

export type MailSyncResult = {
  messages: number;
  contacts: number;
  store: 'pglite' | 'postgres';
  /** Writing the Maildir files, and Dovecot indexing them on a first read. */
  generateSeconds: number;
  fetchSeconds: number;
  fetchPerMinute: number;
  syncSeconds: number;
  syncPerMinute: number;
  /** The sync's throughput as a share of the bare fetch's. */
  ratioToFetch: number;
  counts: SyncCounts;
  megabytes: number;
};

/** Reads every message of INBOX and Sent as the sync does, batch by batch, and returns how many came. */
async function bareFetch(dovecot: Dovecot, since: Date): Promise<number> {
  const client = new ImapFlow({
    host: dovecot.host,
    port: dovecot.port,
    secure: false,
    auth: LOGIN,
    logger: false,
  });
  await client.connect();
  let fetched = 0;
  for (const folder of ['INBOX', 'Sent']) {
    const lock = await client.getMailboxLock(folder, { readOnly: true });
    try {
      const uids = (await client.search({ since }, { uid: true })) || [];
      uids.sort((a, b) => a - b);
      for (let start = 0; start < uids.length; start += SYNC_BATCH) {
        for await (const m of fetchHeads(client, uids.slice(start, start + SYNC_BATCH), FETCH_BYTES))
          if (m.source) fetched++;
      }
    } finally {
      lock.release();
    }
  }
  await client.logout();
  return fetched;
}

/** Times a sync of `messages` generated messages into a fresh store, and a bare fetch of them; null without Dovecot. */
export async function benchMailSync(options: {
  messages: number;
  store: 'pglite' | 'postgres';
  databaseUrl?: string;
}): Promise<MailSyncResult | null> {
  if (!hasDovecot) {
    log('mail sync: skipped, it needs Dovecot (/usr/sbin/dovecot or DOVECOT_PATH) and to run as root');
    return null;
  }
  const dovecot = await startDovecot({ users: { [LOGIN.user]: LOGIN.pass } });
  const fresh = await openFreshStore({ ...options, prefix: 'mail' });
  try {
    const startGenerate = performance.now();
    const mail = generateMailbox({ messages: options.messages, contacts: CONTACTS, user: LOGIN.user });
    for (const [folder, messages] of Object.entries(mail.folders))
      writeMaildir({ dovecot, login: LOGIN.user, folder, messages });
    const since = new Date(Date.now() - BACKFILL_DAYS * 86_400_000);
    // The first read makes Dovecot index the new files; neither timed side should pay for it.
    await bareFetch(dovecot, since);
    const generateSeconds = (performance.now() - startGenerate) / 1000;
    const megabytes = Math.round(mail.bytes / 1024 / 1024);
    log(
      `mail sync: ${options.messages} messages (${megabytes} MB) written and indexed in ${generateSeconds.toFixed(1)} s`,
    );

    const { db } = fresh.store;
    const user = await createUser({
      db,
      input: {
        email: 'bench-mail@bench.test',
        password: 'bench-password-1',
        role: 'owner',
        workspace: 'Mail',
      },
    });
    await insertNewContacts({
      db,
      workspaceId: user.workspaceId,
      source: 'manual',
      now: new Date(),
      contacts: Array.from({ length: CONTACTS }, (_, i) => ({
        id: crypto.randomUUID(),
        firstName: `First${i}`,
        lastName: `Last${i}`,
        title: null,
        linkedinUrl: null,
        companyId: null,
        ownerId: user.id,
        tierId: null,
        tags: [],
        phones: [],
        birthday: null,
        emails: [contactAddress(i)],
      })),
    });
    const key = resolveSealKey({ secret: 'mail sync bench secret' })!;
    const [box] = await db
      .insert(mailboxes)
      .values({
        workspaceId: user.workspaceId,
        userId: user.id,
        address: LOGIN.user,
        imapHost: dovecot.host,
        imapPort: dovecot.port,
        imapTls: 'none',
        imapUsername: LOGIN.user,
        passwordSealed: seal(key, LOGIN.pass),
      })
      .returning();

    let started = performance.now();
    const fetched = await bareFetch(dovecot, since);
    const fetchSeconds = (performance.now() - started) / 1000;
    if (fetched !== options.messages) throw new Error(`fetched ${fetched} of ${options.messages} messages`);
    log(`mail sync: bare fetch ${fetchSeconds.toFixed(1)} s`);

    started = performance.now();
    const counts = await syncMailbox({
      db,
      workspaceId: user.workspaceId,
      mailboxId: box!.id,
      key,
      backfillDays: BACKFILL_DAYS,
    });
    const syncSeconds = (performance.now() - started) / 1000;
    if (counts.seen !== options.messages || counts.logged !== mail.withContact)
      throw new Error(
        `the sync saw ${counts.seen} and logged ${counts.logged}; expected ${mail.withContact}`,
      );
    const perMinute = (seconds: number) => Math.round((options.messages / seconds) * 60);
    const ratioToFetch = Math.round((fetchSeconds / syncSeconds) * 100) / 100;
    log(
      `mail sync: sync ${syncSeconds.toFixed(1)} s, ${perMinute(syncSeconds)} messages/min; sync/fetch = ${ratioToFetch}×`,
    );
    return {
      messages: options.messages,
      contacts: CONTACTS,
      store: options.store,
      generateSeconds: Math.round(generateSeconds * 10) / 10,
      fetchSeconds: Math.round(fetchSeconds * 10) / 10,
      fetchPerMinute: perMinute(fetchSeconds),
      syncSeconds: Math.round(syncSeconds * 10) / 10,
      syncPerMinute: perMinute(syncSeconds),
      ratioToFetch,
      counts,
      megabytes,
    };
  } finally {
    await fresh.drop();
    await dovecot.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const Args = z.object({
    messages: z.coerce.number().int().min(100).default(20_000),
    store: z.enum(['pglite', 'postgres']).optional(),
  });
  const { values } = parseArgs({ options: { messages: { type: 'string' }, store: { type: 'string' } } });
  const args = Args.parse(values);
  const databaseUrl = process.env.DATABASE_URL;
  const result = await benchMailSync({
    messages: args.messages,
    store: args.store ?? (databaseUrl ? 'postgres' : 'pglite'),
    databaseUrl,
  });
  console.log(JSON.stringify(result, null, 2));
}
