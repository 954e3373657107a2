import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openStore, queryRows, type Store } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { refreshSearchText } from '../src/domains/contacts/search-text.ts';
import { generateWorkspace } from '../src/domains/demo/generate.ts';
import { withDatabase } from '../src/test/template.ts';

export const SEARCH_BENCH_WORKSPACE = 'Search bench';

function log(message: string) {
  process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);
}

/**
 * Opens (and on first use creates and fills) a PostgreSQL database for the search benchmark. Search reads
 * only contacts, emails and companies, so the workspace gets one interaction per contact: the same names,
 * emails and companies as the full bench, generated in a fraction of the time.
 */
export async function openSearchBenchStore(options: {
  databaseUrl: string;
  databaseName: string;
  contacts: number;
  /** An existing workspace to search (the full bench's), which is never generated or filled here. */
  workspaceName?: string;
}): Promise<{ store: Store; workspaceId: string }> {
  const admin = new pg.Client({ connectionString: withDatabase(options.databaseUrl, 'postgres') });
  await admin.connect();
  const exists = (await admin.query('select 1 from pg_database where datname = $1', [options.databaseName]))
    .rowCount;
  if (!exists) await admin.query(`create database "${options.databaseName}"`);
  await admin.end();
  const store = await openStore({ databaseUrl: withDatabase(options.databaseUrl, options.databaseName) });
  await migrate(store);
  const find = async () =>
    (
      await queryRows<{ id: string }>(
        store.db,
        sql`select id from workspaces where name = ${options.workspaceName ?? SEARCH_BENCH_WORKSPACE}`,
      )
    )[0]?.id;
  let workspaceId = await find();
  if (options.workspaceName) {
    if (!workspaceId)
      throw new Error(`no workspace named ${options.workspaceName} in ${options.databaseName}`);
    return { store, workspaceId };
  }
  if (!workspaceId) {
    const start = performance.now();
    const made = await generateWorkspace({
      db: store.db,
      seed: 42,
      contacts: options.contacts,
      interactionsPerContact: 1,
      owners: 20,
      workspaceName: SEARCH_BENCH_WORKSPACE,
      chunkSize: 5000,
      skipForeignKeyChecks: true,
      onProgress: (p) => {
        if (p.done % 100_000 === 0 || p.phase !== 'contacts') log(`generate ${p.phase} ${p.done}/${p.total}`);
      },
    });
    workspaceId = made.workspaceId;
    await store.db.execute(sql`vacuum analyze`);
    log(`generated ${options.contacts} contacts in ${Math.round((performance.now() - start) / 1000)} s`);
  }
  // A database generated before contacts had search_words: fill them and the vocabulary once.
  const [unfilled] = await queryRows<{ n: number }>(
    store.db,
    sql`select count(*)::int as n from (select 1 from contacts where workspace_id = ${workspaceId}::uuid
          and search_words = '{}' limit 1) x`,
  );
  if (unfilled?.n) {
    const start = performance.now();
    await refreshSearchText({ db: store.db, workspaceId, scope: { all: true } });
    await store.db.execute(sql`vacuum analyze`);
    log(`filled search_words in ${Math.round((performance.now() - start) / 1000)} s`);
  }
  return { store, workspaceId };
}
