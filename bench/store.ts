import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openStore, queryRows, type Store } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { generateWorkspace } from '../src/domains/demo/generate.ts';
import { withDatabase } from '../src/test/template.ts';

export const BENCH_WORKSPACE = 'Bench';
export const BENCH_SEED = 42;

export type BenchConfig = {
  contacts: number;
  interactions: number;
  owners: number;
  store: 'pglite' | 'postgres';
  databaseUrl?: string;
};

export type BenchStore = {
  store: Store;
  workspaceId: string;
  /** The day the data was generated for; Today is asked for this date so reruns see the same list. */
  asOf: string;
  generatedSeconds: number | null;
  /** The PostgreSQL database, for a second connection. */
  databaseName?: string;
  counts: Record<string, number>;
  close: () => Promise<void>;
};

function log(message: string) {
  process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);
}

/** Generates the bench workspace, printing progress with rows per second. */
async function generate(store: Store, config: BenchConfig): Promise<number> {
  const start = performance.now();
  let last = start;
  await generateWorkspace({
    db: store.db,
    seed: BENCH_SEED,
    contacts: config.contacts,
    interactionsPerContact: config.interactions,
    owners: config.owners,
    workspaceName: BENCH_WORKSPACE,
    chunkSize: store.kind === 'postgres' ? 5000 : 2000,
    skipForeignKeyChecks: true,
    onProgress: (p) => {
      const t = performance.now();
      if (p.phase === 'contacts' && t - last < 5000 && p.done !== p.total) return;
      last = t;
      const rate = Math.round(p.done / ((t - start) / 1000));
      log(`generate ${p.phase}: ${p.done}/${p.total} contacts (${rate}/s overall)`);
    },
  });
  log('analyze');
  await store.db.execute(sql.raw(store.kind === 'postgres' ? 'vacuum analyze' : 'analyze'));
  return (performance.now() - start) / 1000;
}

/** The row counts recorded at generation, without the seed. */
function countsOf(generated: Record<string, number> | undefined): Record<string, number> {
  const { seed: _, ...counts } = generated ?? {};
  return counts;
}

async function benchWorkspace(store: Store) {
  const [row] = await queryRows<{
    id: string;
    as_of: string;
    changes: { generated?: Record<string, number> };
  }>(
    store.db,
    sql`select w.id, w.created_at::date::text as as_of, a.changes from workspaces w
        join audit_log a on a.workspace_id = w.id and a.entity = 'workspace' and a.entity_id = w.id
        where w.name = ${BENCH_WORKSPACE}`,
  );
  return row;
}

/** A fresh PGlite in a temp dir, or the kith_bench_<N> database on PostgreSQL, reused when complete. */
export async function openBenchStore(config: BenchConfig): Promise<BenchStore> {
  if (config.store === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'kith-bench-'));
    log(`PGlite data dir ${dir}`);
    const store = await openStore({ dataDir: dir });
    await migrate(store);
    const seconds = await generate(store, config);
    const ws = (await benchWorkspace(store))!;
    return {
      store,
      workspaceId: ws.id,
      asOf: ws.as_of,
      generatedSeconds: seconds,
      counts: countsOf(ws.changes.generated),
      close: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (!config.databaseUrl) throw new Error('--store postgres needs DATABASE_URL');
  const name = `kith_bench_${config.contacts}`;
  const admin = new pg.Client({ connectionString: withDatabase(config.databaseUrl, 'postgres') });
  await admin.connect();
  const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount;
  let store: Store | null = null;
  if (exists) {
    store = await openStore({ databaseUrl: withDatabase(config.databaseUrl, name) });
    // A reused database gets the migrations added since it was generated.
    await migrate(store);
    const ws = await benchWorkspace(store).catch(() => undefined);
    const made = ws?.changes.generated;
    if (ws && made?.contacts === config.contacts && made.users === config.owners) {
      log(`reusing database ${name}`);
      await admin.end();
      return {
        store,
        databaseName: name,
        workspaceId: ws.id,
        asOf: ws.as_of,
        generatedSeconds: null,
        counts: countsOf(made),
        close: () => store!.close(),
      };
    }
    // An interrupted or different run left it: start over.
    await store.close();
    await admin.query(`drop database "${name}" with (force)`);
  }
  await admin.query(`create database "${name}"`);
  await admin.end();
  log(`created database ${name}`);
  store = await openStore({ databaseUrl: withDatabase(config.databaseUrl, name) });
  await migrate(store);
  const seconds = await generate(store, config);
  const ws = (await benchWorkspace(store))!;
  return {
    store,
    databaseName: name,
    workspaceId: ws.id,
    asOf: ws.as_of,
    generatedSeconds: seconds,
    counts: countsOf(ws.changes.generated),
    close: () => store!.close(),
  };
}
