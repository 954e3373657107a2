import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import { openStore, type Store } from '../db/client.ts';
import { PGLITE_EXTENSIONS } from '../db/pglite.ts';
import { testDatabaseName, withDatabase } from './template.ts';

/** A test database; `url` is its PostgreSQL connection string (null on PGlite), to open more pools on it. */
export type TestStore = Store & { url: string | null };

/**
 * A fresh, migrated database for one test file: a PGlite copy of the template, or a PostgreSQL clone
 * (poolSize: its pool's connections, default 10).
 */
export async function openTestStore(options: { poolSize?: number } = {}): Promise<TestStore> {
  const ref = inject('templateRef');
  if (ref.startsWith('postgres:')) {
    const [, runId, ...rest] = ref.split(':');
    const url = rest.join(':');
    const name = testDatabaseName(Number(runId), randomBytes(6).toString('hex'));
    const admin = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
    await admin.connect();
    await admin.query(`create database "${name}" template "${testDatabaseName(Number(runId), 'template')}"`);
    await admin.end();
    const store = await openStore({ databaseUrl: withDatabase(url, name), poolSize: options.poolSize });
    return {
      ...store,
      url: withDatabase(url, name),
      close: async () => {
        await store.close();
        const drop = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
        await drop.connect();
        await drop.query(`drop database if exists "${name}" with (force)`);
        await drop.end();
      },
    };
  }
  const tarball = readFileSync(ref.slice('pglite:'.length));
  const client = await PGlite.create({ loadDataDir: new Blob([tarball]), extensions: PGLITE_EXTENSIONS });
  return { ...(await openStore({ pglite: client })), url: null };
}
