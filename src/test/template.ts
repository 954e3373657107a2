import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openStore } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { PGLITE_EXTENSIONS } from '../db/pglite.ts';

/** Test databases are named kith_test_<pid of the test run>_<suffix>, so parallel runs never collide. */
export function testDatabaseName(runId: number, suffix: string): string {
  return `kith_test_${runId}_${suffix}`;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Connection string for another database on the same PostgreSQL server. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * Builds the migrated template: on PostgreSQL a template database, on PGlite a data-dir tarball.
 * Returns what a test file needs to make its own copy.
 */
export async function buildTemplate(testDatabaseUrl: string | undefined): Promise<string> {
  if (testDatabaseUrl) {
    const runId = process.pid;
    const template = testDatabaseName(runId, 'template');
    await dropTestDatabases(testDatabaseUrl, (pid) => pid === runId || !isAlive(pid));
    const admin = new pg.Client({ connectionString: withDatabase(testDatabaseUrl, 'postgres') });
    await admin.connect();
    await admin.query(`create database "${template}"`).finally(() => admin.end());
    const store = await openStore({ databaseUrl: withDatabase(testDatabaseUrl, template) });
    await migrate(store);
    await store.close();
    return `postgres:${runId}:${testDatabaseUrl}`;
  }
  const client = await PGlite.create({ extensions: PGLITE_EXTENSIONS });
  const store = await openStore({ pglite: client });
  await migrate(store);
  const dump = await client.dumpDataDir('none');
  await client.close();
  const file = join(mkdtempSync(join(tmpdir(), 'kith-test-')), 'template.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  return `pglite:${file}`;
}

/** Drops the test databases whose run id matches; used for this run's own and for runs that died. */
export async function dropTestDatabases(url: string, matches: (runId: number) => boolean): Promise<void> {
  const admin = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await admin.connect();
  try {
    const found = await admin.query("select datname from pg_database where datname like 'kith\\_test\\_%'");
    for (const { datname } of found.rows as { datname: string }[]) {
      const runId = Number(datname.split('_')[2]);
      if (Number.isInteger(runId) && matches(runId)) {
        await admin.query(`drop database if exists "${datname}" with (force)`);
      }
    }
  } finally {
    await admin.end();
  }
}
