import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestStore, type TestStore } from '../test/test-store.ts';

let store: TestStore;
beforeAll(async () => {
  store = await openTestStore();
});
afterAll(() => store.close());

describe('store.listen', () => {
  it('hears a NOTIFY once its transaction commits, and never one that rolls back', async () => {
    let heard = 0;
    const unlisten = await store.listen('kith_listen_test', () => {
      heard++;
    });
    // PostgreSQL's listener calls once when it connects, for work that came while no one listened.
    await vi.waitFor(() => expect(heard).toBeLessThanOrEqual(1));
    const before = heard;
    const rolledBack = store.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_notify('kith_listen_test', '')`);
      throw new Error('roll back');
    });
    await expect(rolledBack).rejects.toThrow('roll back');
    await store.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_notify('kith_listen_test', '')`);
      expect(heard).toBe(before);
    });
    await vi.waitFor(() => expect(heard).toBe(before + 1));
    await unlisten();
    await store.db.execute(sql`select pg_notify('kith_listen_test', '')`);
    expect(heard).toBe(before + 1);
  });

  it.runIf(Boolean(process.env.TEST_DATABASE_URL))(
    'on PostgreSQL, listens again after its connection is cut',
    async () => {
      let heard = 0;
      const unlisten = await store.listen('kith_listen_cut', () => {
        heard++;
      });
      const admin = new pg.Client({ connectionString: store.url ?? '' });
      await admin.connect();
      const listenerPid = async () => {
        const { rows } = await admin.query(
          `select pid from pg_stat_activity where datname = current_database() and query = 'listen kith_listen_cut'`,
        );
        return (rows[0] as { pid: number } | undefined)?.pid ?? null;
      };
      try {
        const first = await listenerPid();
        expect(first).not.toBeNull();
        const cut = await admin.query('select pg_terminate_backend($1) as ok', [first]);
        expect(cut.rows).toEqual([{ ok: true }]);
        await vi.waitFor(
          async () => {
            const pid = await listenerPid();
            expect(pid === null || pid === first).toBe(false);
          },
          { timeout: 10_000 },
        );
        const before = heard;
        await admin.query(`select pg_notify('kith_listen_cut', '')`);
        await vi.waitFor(() => expect(heard).toBe(before + 1));
      } finally {
        await admin.end();
        await unlisten();
      }
    },
  );
});
