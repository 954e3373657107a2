import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore, type Store } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { withDatabase } from '../src/test/template.ts';

/**
 * A fresh, migrated store for one benchmark: a new PostgreSQL database beside databaseUrl, or PGlite in a
 * temporary directory. `url` is the database's connection string (empty on PGlite); `drop` closes and
 * removes it.
 */
export async function openFreshStore(options: {
  store: 'pglite' | 'postgres';
  databaseUrl?: string;
  prefix: string;
}): Promise<{ store: Store; url: string; drop: () => Promise<void> }> {
  if (options.store === 'postgres') {
    if (!options.databaseUrl)
      throw new Error(`the ${options.prefix} benchmark on PostgreSQL needs DATABASE_URL`);
    const name = `kith_bench_${options.prefix}_${randomBytes(3).toString('hex')}`;
    const admin = new pg.Client({ connectionString: withDatabase(options.databaseUrl, 'postgres') });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = withDatabase(options.databaseUrl, name);
    const store = await openStore({ databaseUrl: url });
    await migrate(store);
    const drop = async () => {
      await store.close();
      await admin.query(`drop database ${name} with (force)`);
      await admin.end();
    };
    return { store, url, drop };
  }
  const dir = mkdtempSync(join(tmpdir(), `kith-bench-${options.prefix}-`));
  const store = await openStore({ dataDir: dir });
  await migrate(store);
  const drop = async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { store, url: '', drop };
}
