import { and, eq } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildContact } from '../domains/contacts/factories.ts';
import { contacts } from '../domains/contacts/schema.ts';
import { buildUser } from '../domains/workspaces/factories.ts';
import { openTestStore } from '../test/test-store.ts';
import type { Store } from './client.ts';
import { inTransaction } from './transaction.ts';

const url = process.env.TEST_DATABASE_URL;

describe.runIf(url)('the PostgreSQL store', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(() => store.close());

  it('survives the server closing its idle connections, and reconnects on the next query', async () => {
    const [current] = (await store.raw.query('select current_database() as db')).rows as { db: string }[];
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const killed = await admin.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
        [current?.db],
      );
      expect(killed.rowCount).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    // Give the pool time to receive the termination notice on the idle socket.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await store.raw.query('select 2 as two')).rows).toEqual([{ two: 2 }]);
  });

  it('prepares the allocator of every pooled connection before the connection serves its first query', async () => {
    // Three queries at once take three connections; each reports its backend and whether the warm-up ran.
    const rows = await Promise.all(
      [1, 2, 3].map(async () => {
        const result = await store.raw.query(
          "select pg_backend_pid() as pid, current_setting('kith.allocator_warmed', true) as warmed, pg_sleep(0.05)",
        );
        return result.rows[0] as { pid: number; warmed: string | null };
      }),
    );
    expect(new Set(rows.map((r) => r.pid)).size).toBe(3);
    expect(rows.map((r) => r.warmed)).toEqual(['on', 'on', 'on']);
  });

  it('runs a transaction again when PostgreSQL aborts it as a deadlock victim, so both writers succeed', async () => {
    const user = await buildUser(store.db);
    const ws = user.workspaceId;
    const [a, b] = [await buildContact(store.db, ws), await buildContact(store.db, ws)];
    const setTitle = (tx: typeof store.db, id: string, title: string) =>
      tx
        .update(contacts)
        .set({ title })
        .where(and(eq(contacts.workspaceId, ws), eq(contacts.id, id)));
    // Each transaction locks one contact, waits until the other has locked the other contact, then asks
    // for it: a deadlock, which PostgreSQL breaks by aborting one of them.
    let aLocked = () => {};
    let bLocked = () => {};
    const aHeld = new Promise<void>((resolve) => (aLocked = resolve));
    const bHeld = new Promise<void>((resolve) => (bLocked = resolve));
    const attempts = { one: 0, two: 0 };
    // The order in which the two finished their work, so committed: the second waited for the first's commit.
    const finished: string[] = [];
    await Promise.all([
      inTransaction(store.db, async (tx) => {
        attempts.one++;
        await setTitle(tx, a.id, 'one');
        aLocked();
        await bHeld;
        await setTitle(tx, b.id, 'one');
        finished.push('one');
      }),
      inTransaction(store.db, async (tx) => {
        attempts.two++;
        await setTitle(tx, b.id, 'two');
        bLocked();
        await aHeld;
        await setTitle(tx, a.id, 'two');
        finished.push('two');
      }),
    ]);
    // At least one was aborted and run again (a retry can meet the other writer once more), and both committed.
    expect(attempts.one + attempts.two).toBeGreaterThanOrEqual(3);
    expect([...finished].sort()).toEqual(['one', 'two']);
    // The one that committed last wrote its title on both contacts.
    const last = finished.at(-1);
    const rows = await store.db
      .select({ title: contacts.title })
      .from(contacts)
      .where(eq(contacts.workspaceId, ws));
    expect(rows.map((r) => r.title)).toEqual([last, last]);
  });
});
