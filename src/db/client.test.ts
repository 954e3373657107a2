import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore } from '../test/test-store.ts';
import type { Store } from './client.ts';

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
});
