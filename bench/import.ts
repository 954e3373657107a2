// Imports a generated CSV of N contacts through the import job (upload, check, batches) and, on
// PostgreSQL, COPYs the same rows into the same tables of another workspace: the limit of a bulk load.
// Reports rows per second, the ratio to COPY, and how far the process's memory grew. run.ts calls it
// (`npm run bench -- --import-rows N`); `npx tsx bench/import.ts [--rows 100000] [--store pglite|postgres]`
// runs it alone. Figures: docs/benchmarks.md.
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { z } from 'zod';
import { openStore, type Store } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { inTransaction } from '../src/db/transaction.ts';
import { createImport } from '../src/domains/imports/create-import.ts';
import { runImport } from '../src/domains/imports/run-import.ts';
import { createUser } from '../src/domains/workspaces/create-user.ts';
import { withDatabase } from '../src/test/template.ts';

const log = (m: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${m}\n`);

export type ImportResult = {
  rows: number;
  store: 'pglite' | 'postgres';
  importSeconds: number;
  rowsPerSecond: number;
  /** PostgreSQL only: COPY of the same rows, and the import's throughput as a share of it. */
  copySeconds: number | null;
  ratioToCopy: number | null;
  /** How far the process's resident memory rose above where it was when the import began. */
  rssGrowthMb: number;
  peakRssMb: number;
};

/** One person per row; one company per 20 people; a work email each. */
function person(i: number) {
  const company = `Company ${Math.floor(i / 20)}`;
  return {
    first: `First${i}`,
    last: `Last${i}`,
    email: `person${i}@company${Math.floor(i / 20)}.test`,
    company,
    title: `Title ${i % 7}`,
    phone: `+1 555 ${String(i).padStart(7, '0')}`,
  };
}

function csvText(rows: number): string {
  const lines = ['First Name,Last Name,Email,Company,Title,Phone'];
  for (let i = 0; i < rows; i++) {
    const p = person(i);
    lines.push(`${p.first},${p.last},${p.email},${p.company},${p.title},${p.phone}`);
  }
  return `${lines.join('\n')}\n`;
}

async function workspace(store: Store, name: string) {
  const user = await createUser({
    db: store.db,
    input: {
      email: `${name.replace(/\W/g, '-').toLowerCase()}@bench.test`,
      password: 'bench-password-1',
      role: 'owner',
      workspace: name,
    },
  });
  return { workspaceId: user.workspaceId, userId: user.id };
}

async function timeImport(store: Store, text: string) {
  const rss = { start: process.memoryUsage().rss, peak: 0 };
  const sample = () => {
    rss.peak = Math.max(rss.peak, process.memoryUsage().rss);
  };
  const { workspaceId, userId } = await workspace(store, `Import ${randomBytes(3).toString('hex')}`);
  const start = performance.now();
  const bytes = Buffer.from(text);
  async function* file() {
    for (let i = 0; i < bytes.length; i += 64 * 1024) yield bytes.subarray(i, i + 64 * 1024);
  }
  const row = await inTransaction(store.db, (tx) =>
    createImport({
      db: tx,
      workspaceId,
      actorId: userId,
      fileName: 'bench.csv',
      file: file(),
      input: { dryRun: false },
    }),
  );
  await runImport({
    db: store.db,
    workspaceId,
    importId: row.id,
    progress: ({ processed }) => {
      sample();
      if (processed % 100_000 === 0) log(`  ${processed} rows`);
    },
  });
  sample();
  return { seconds: (performance.now() - start) / 1000, rss };
}

/** COPY of the same rows into companies, contacts and contact_emails of a fresh workspace (server-side files). */
async function timeCopy(store: Store, url: string, rows: number) {
  const { workspaceId, userId } = await workspace(store, `Copy ${randomBytes(3).toString('hex')}`);
  const dir = mkdtempSync(join(tmpdir(), 'kith-copy-'));
  chmodSync(dir, 0o755);
  const companyIds = new Map<string, string>();
  const companies: string[] = [];
  const contacts: string[] = [];
  const emails: string[] = [];
  const now = new Date().toISOString();
  for (let i = 0; i < rows; i++) {
    const p = person(i);
    let companyId = companyIds.get(p.company);
    if (!companyId) {
      companyId = randomUUID();
      companyIds.set(p.company, companyId);
      companies.push(
        `${workspaceId},${companyId},${p.company},company${Math.floor(i / 20)}.test,${now},${now}`,
      );
    }
    const id = randomUUID();
    const phones = JSON.stringify([{ label: null, number: p.phone }]).replace(/"/g, '""');
    const search = `${p.first} ${p.last} ${p.email} ${p.company}`.toLowerCase();
    contacts.push(
      `${workspaceId},${id},${p.first},${p.last},${p.title},${companyId},${userId},"{}",import,"${phones}","${search}",${now},${now}`,
    );
    emails.push(`${workspaceId},${id},${p.email},0`);
  }
  const files = { companies, contacts, emails };
  for (const [name, lines] of Object.entries(files))
    writeFileSync(join(dir, `${name}.csv`), `${lines.join('\n')}\n`, { mode: 0o644 });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const start = performance.now();
  await client.query('begin');
  await client.query(
    `copy companies (workspace_id, id, name, domain, created_at, updated_at) from '${join(dir, 'companies.csv')}' with (format csv)`,
  );
  await client.query(
    `copy contacts (workspace_id, id, first_name, last_name, title, company_id, owner_id, tags, source, phones, search_text, created_at, updated_at) from '${join(dir, 'contacts.csv')}' with (format csv)`,
  );
  await client.query(
    `copy contact_emails (workspace_id, contact_id, email, position) from '${join(dir, 'emails.csv')}' with (format csv)`,
  );
  await client.query('commit');
  const seconds = (performance.now() - start) / 1000;
  await client.end();
  rmSync(dir, { recursive: true, force: true });
  return seconds;
}

/** Imports `rows` generated contacts into a fresh database (PostgreSQL at databaseUrl, else PGlite). */
export async function benchImport(options: {
  rows: number;
  store: 'pglite' | 'postgres';
  databaseUrl?: string;
}): Promise<ImportResult> {
  const text = csvText(options.rows);
  log(
    `import: ${options.rows} rows, ${(text.length / 1024 / 1024).toFixed(1)} MB of CSV, on ${options.store}`,
  );
  let store: Store;
  let cleanup = async () => {};
  let url = '';
  if (options.store === 'postgres') {
    if (!options.databaseUrl) throw new Error('the import benchmark on PostgreSQL needs DATABASE_URL');
    const name = `kith_bench_import_${randomBytes(3).toString('hex')}`;
    const admin = new pg.Client({ connectionString: withDatabase(options.databaseUrl, 'postgres') });
    await admin.connect();
    await admin.query(`create database ${name}`);
    url = withDatabase(options.databaseUrl, name);
    store = await openStore({ databaseUrl: url });
    cleanup = async () => {
      await admin.query(`drop database ${name} with (force)`);
      await admin.end();
    };
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'kith-bench-import-'));
    store = await openStore({ dataDir: dir });
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  try {
    await migrate(store);
    const timed = await timeImport(store, text);
    const rowsPerSecond = options.rows / timed.seconds;
    log(`import: ${timed.seconds.toFixed(1)} s, ${Math.round(rowsPerSecond)} rows/s`);
    let copySeconds: number | null = null;
    let ratioToCopy: number | null = null;
    if (options.store === 'postgres') {
      copySeconds = await timeCopy(store, url, options.rows);
      ratioToCopy = Math.round((rowsPerSecond / (options.rows / copySeconds)) * 100) / 100;
      log(`COPY:   ${copySeconds.toFixed(1)} s; import/COPY = ${ratioToCopy}×`);
    }
    const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
    return {
      rows: options.rows,
      store: options.store,
      importSeconds: Math.round(timed.seconds * 10) / 10,
      rowsPerSecond: Math.round(rowsPerSecond),
      copySeconds: copySeconds === null ? null : Math.round(copySeconds * 10) / 10,
      ratioToCopy,
      rssGrowthMb: mb(timed.rss.peak - timed.rss.start),
      peakRssMb: mb(timed.rss.peak),
    };
  } finally {
    await store.close();
    await cleanup();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const Args = z.object({
    rows: z.coerce.number().int().min(100).default(100_000),
    store: z.enum(['pglite', 'postgres']).optional(),
  });
  const { values } = parseArgs({ options: { rows: { type: 'string' }, store: { type: 'string' } } });
  const args = Args.parse(values);
  const databaseUrl = process.env.DATABASE_URL;
  const result = await benchImport({
    rows: args.rows,
    store: args.store ?? (databaseUrl ? 'postgres' : 'pglite'),
    databaseUrl,
  });
  console.log(JSON.stringify(result, null, 2));
}
