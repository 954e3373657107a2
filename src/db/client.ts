import type { PGlite } from '@electric-sql/pglite';
import type { Query, SQL } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { type Listen, postgresListener } from './listen.ts';
import * as schema from './schema.ts';

export type Schema = typeof schema;
/**
 * A database handle or an open transaction; domain functions accept either. Transactions are opened with
 * inTransaction (db/transaction.ts), which also states the outbox rule: a transaction only writes to the
 * database, and side effects run in jobs after it commits.
 */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export type Store = {
  db: Db;
  kind: 'pglite' | 'postgres';
  close: () => Promise<void>;
  /** LISTEN for a NOTIFY channel: how a commit that enqueued a job wakes a waiting worker at once. */
  listen: Listen;
  /** The raw client, for benchmarks that time the same SQL without Drizzle. */
  raw: { query: (text: string, params?: unknown[]) => Promise<{ rows: unknown[] }> };
};

/**
 * Run once on each new PostgreSQL connection: it allocates and frees one 4 MB block in the backend. glibc
 * serves a block that large with mmap, and freeing it raises that process's mmap threshold to its size and
 * its trim threshold to twice that (the dynamic thresholds of mallopt(3)). Without this, glibc gives the
 * planner's memory back to the kernel after every statement and the next statement faults it in again: on
 * stock Debian PostgreSQL 15 on our 2-core VMs that was 4 of the Today statement's 10 ms at p50 (9.5 to 10
 * ms against 5.5 to 5.9 ms, interleaved on connections with and without it). A backend then keeps the memory
 * its statements used, up to 8 MB, instead of returning it. With another allocator, or a PostgreSQL started
 * with MALLOC_MMAP_THRESHOLD_ set, it changes nothing and costs one query per connection. The setting
 * kith.allocator_warmed shows it ran on a connection.
 */
export const WARM_BACKEND_ALLOCATOR_SQL =
  "select length(repeat('x', 4194304)) as bytes, set_config('kith.allocator_warmed', 'on', false) as warmed";

/**
 * Opens PostgreSQL when a URL is given, else the embedded PGlite store in dataDir (or memory).
 *
 * Transactions on the store (opened with inTransaction, db/transaction.ts) only write to the database.
 * Anything with an effect outside it (sending mail, calling a webhook, fetching a URL) is a job, enqueued
 * inside the transaction with enqueueJob (src/domains/jobs/enqueue.ts) and run by a worker after the
 * transaction has committed: the transactional outbox. A transaction may be run again (inTransaction
 * retries a deadlock victim) or roll back, and then neither repeats nor leaks the effect.
 */
export async function openStore(options: {
  databaseUrl?: string;
  dataDir?: string;
  pglite?: PGlite;
  /** PostgreSQL connections in the pool (default 10). */
  poolSize?: number;
}): Promise<Store> {
  if (options.databaseUrl) {
    // Sessions run in UTC: the due engine's calendar days are UTC days on both stores.
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      options: '-c TimeZone=UTC',
      // Before the connection serves its first query; a failure fails that query and discards the connection.
      onConnect: async (client) => {
        await client.query(WARM_BACKEND_ALLOCATOR_SQL);
      },
    });
    // The server may close an idle connection (a restart, a terminated backend, a dropped database). The pool
    // discards that client and opens a new one on the next query; without a listener the event would crash
    // the process.
    pool.on('error', (error) => {
      process.stderr.write(
        `kith: PostgreSQL closed an idle connection (${error.message}); reconnecting on demand\n`,
      );
    });
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    const listener = postgresListener(options.databaseUrl);
    const close = async () => {
      await listener.closeAll();
      await pool.end();
    };
    return { db, kind: 'postgres', close, listen: listener.listen, raw: pool };
  }
  const { openPgliteStore } = await import('./pglite.ts');
  return openPgliteStore(options);
}

/** Runs a raw SQL statement and returns its rows, the same way on both drivers. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * Runs a statement that is already built (its text and its values) and returns its rows as queryRows does,
 * as a named prepared statement when given a name (PGlite ignores it). For statements whose text is built
 * once and reused, so a request does not build it again.
 */
export async function queryBuiltRows<T>(db: Db, query: Query, name?: string): Promise<T[]> {
  const prepared = db._.session.prepareQuery(query, undefined, name, false);
  const result = (await prepared.execute()) as unknown as { rows: T[] };
  return result.rows;
}
