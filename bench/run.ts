// `npm run bench -- [--contacts 100000] [--store pglite|postgres] [--owners 20] [--requests 200] [--import-rows N]
// [--mail-messages N] [--enrollments N] [--outbox-emails N] [--job-concurrency N]` Times Today and fuzzy search
// through the HTTP API against the same SQL run raw on the same store, touches against plain INSERTs, a CSV
// import of N contacts (default: --contacts; 0 skips it) against COPY, and a mailbox sync of N messages
// (default 20,000; 0 skips it; skipped without Dovecot) against a bare IMAP fetch of them. bench/sequences.ts
// adds the outbox's throughput, N emails (default 2,000; 0 skips it) sent to a loopback SMTP peer against bare
// nodemailer, and the sequence tick, N due enrolments (default 100,000; 0 skips it) against as many no-op
// jobs, with Today's latency while it runs; its job runner runs --job-concurrency jobs at a time (default as
// deployed: 1 on PGlite, beside the API as in kith serve; 4 on PostgreSQL, in its own process as kith worker).
import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { eq, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { z } from 'zod';
import { queryRows, WARM_BACKEND_ALLOCATOR_SQL } from '../src/db/client.ts';
import { statementName } from '../src/db/named-statements.ts';
import { todayQuery } from '../src/domains/cadence/today-query.ts';
import { contactSearchQuery } from '../src/domains/contacts/search.ts';
import { users } from '../src/domains/workspaces/schema.ts';
import { createToken } from '../src/domains/workspaces/tokens.ts';
import { withDatabase } from '../src/test/template.ts';
import { benchImport } from './import.ts';
import { benchMailSync } from './mail-sync.ts';
import {
  closeClient,
  getOk,
  measure,
  measureInterleaved,
  misspell,
  misspellByEar,
  type Timing,
} from './measure.ts';
import { type BenchResult, renderMarkdown, renderTable } from './report.ts';
import { benchSequences } from './sequences.ts';
import { startBenchServer } from './server.ts';
import { openBenchStore } from './store.ts';
import { benchTouches } from './touches.ts';

const Args = z.object({
  contacts: z.coerce.number().int().min(100).default(100_000),
  interactions: z.coerce.number().int().min(1).max(200).default(20),
  owners: z.coerce.number().int().min(1).max(1000).default(20),
  requests: z.coerce.number().int().min(10).default(200),
  store: z.enum(['pglite', 'postgres']).optional(),
  'import-rows': z.coerce.number().int().min(0).optional(),
  'mail-messages': z.coerce.number().int().min(0).default(20_000),
  enrollments: z.coerce.number().int().min(0).default(100_000),
  'outbox-emails': z.coerce.number().int().min(0).default(2_000),
  'job-concurrency': z.coerce.number().int().min(1).max(32).optional(),
});

const { values } = parseArgs({
  options: {
    contacts: { type: 'string' },
    interactions: { type: 'string' },
    owners: { type: 'string' },
    requests: { type: 'string' },
    store: { type: 'string' },
    'import-rows': { type: 'string' },
    'mail-messages': { type: 'string' },
    enrollments: { type: 'string' },
    'outbox-emails': { type: 'string' },
    'job-concurrency': { type: 'string' },
  },
});
const args = Args.parse(values);
const databaseUrl = process.env.DATABASE_URL;
const storeKind = args.store ?? (databaseUrl ? 'postgres' : 'pglite');

const bench = await openBenchStore({ ...args, store: storeKind, databaseUrl });
const { store, workspaceId, asOf } = bench;
const [owner] = await store.db
  .select({ id: users.id })
  .from(users)
  .where(eq(users.workspaceId, workspaceId))
  .orderBy(users.id)
  .limit(1);
if (!owner) throw new Error('the bench workspace has no users');
const { token } = await createToken({ db: store.db, workspaceId, actorId: owner.id, name: 'bench' });

// The raw side runs on one connection, as a driver user would; on PGlite there is only one anyway.
type Raw = { query: (text: string, params?: unknown[]) => Promise<{ rows: unknown[] }> };
let raw: Raw = store.raw;
let rawClient: pg.Client | null = null;
if (store.kind === 'postgres') {
  rawClient = new pg.Client({ connectionString: withDatabase(databaseUrl!, bench.databaseName!) });
  await rawClient.connect();
  await rawClient.query("set time zone 'UTC'");
  // Prepared as the server's pooled connections are (see WARM_BACKEND_ALLOCATOR_SQL): on a plain connection
  // the same statement runs about 4 ms slower on stock PostgreSQL, which would flatter the ratio.
  await rawClient.query(WARM_BACKEND_ALLOCATOR_SQL);
  raw = rawClient;
}

const loadBefore = loadavg()[0]!;
const server = await startBenchServer(
  store.kind === 'postgres'
    ? { kind: 'postgres', databaseUrl: withDatabase(databaseUrl!, bench.databaseName!) }
    : { kind: 'pglite', db: store.db },
);
const { base } = server;
const dialect = new PgDialect();
const n = args.requests;
// On PostgreSQL the server runs in its own process, so the benchmark collects its own garbage between timed
// calls (see MeasureOptions); on PGlite the server runs in this process, whose collections must then count.
const timing = {
  n,
  warmup: Math.max(20, Math.round(n / 10)),
  collectBetween: store.kind === 'postgres',
};

const owned = await queryRows<{ owned: number; due: number }>(
  store.db,
  sql`select count(*)::int as owned, count(*) filter (where today_on <= ${asOf}::date)::int as due
      from contacts where workspace_id = ${workspaceId}::uuid and owner_id = ${owner.id}::uuid`,
);
console.log(`owner has ${owned[0]?.owned} contacts, ${owned[0]?.due} on Today for ${asOf}`);

const floor = await measure(timing, async () => {
  await getOk(`${base}/healthz`);
});

const todayUrl = `${base}/api/today?asOf=${asOf}&owner=me&limit=50`;
const sample = (await getOk(todayUrl, token)) as { items: unknown[] };
if (sample.items.length === 0) throw new Error('Today is empty: the benchmark would time nothing');
// The route asks for one row more than the page to know whether a next page exists; so does the raw side.
const todaySql = todayQuery({ workspaceId, asOf, ownerId: owner.id, viewerId: owner.id, limit: 51 });
// API and raw take turns, so that drift during the run weighs on both alike.
const { api: todayApi, raw: todayRaw } = await measureInterleaved(timing, {
  api: async () => {
    await getOk(todayUrl, token);
  },
  raw: async () => {
    await raw.query(todaySql.sql, todaySql.params);
  },
});

// Misspelt names of real contacts, so each query has something to find.
const people = await queryRows<{ first_name: string; last_name: string }>(
  store.db,
  sql`select first_name, last_name from contacts where workspace_id = ${workspaceId}::uuid
      order by id offset 17 limit 6`,
);
const queries = people.map((p, i) =>
  i % 3 === 0
    ? `${p.first_name} ${misspell(p.last_name)}`
    : i % 3 === 1
      ? misspell(`${p.first_name} ${p.last_name}`)
      : `${misspellByEar(p.first_name)} ${misspellByEar(p.last_name)}`,
);
const searchUrl = (q: string) => `${base}/api/contacts?q=${encodeURIComponent(q)}&limit=50`;
const searchSql = queries.map((q) =>
  dialect.sqlToQuery(contactSearchQuery({ workspaceId, q, limit: 51, filters: { archived: false } })),
);
// The raw side runs search exactly as the route does: one statement, named by its text (see statementName).
const rawSearch = async (query: { sql: string; params: unknown[] }) => {
  const name = statementName(query.sql);
  const result =
    rawClient && name
      ? await rawClient.query({ name, text: query.sql, values: query.params })
      : await raw.query(query.sql, query.params);
  return result.rows.length;
};
const { api: searchApi, raw: searchRaw } = await measureInterleaved(timing, {
  api: async (i) => {
    await getOk(searchUrl(queries[i % queries.length]!), token);
  },
  raw: async (i) => {
    await rawSearch(searchSql[i % searchSql.length]!);
  },
});
const hits: number[] = [];
for (const q of searchSql) hits.push(await rawSearch(q));

const sequences =
  args.enrollments > 0 || args['outbox-emails'] > 0
    ? await benchSequences({
        store,
        databaseUrl: store.kind === 'postgres' ? withDatabase(databaseUrl!, bench.databaseName!) : null,
        // As deployed: kith serve runs one job at a time beside the API; kith worker runs 4.
        concurrency: args['job-concurrency'] ?? (store.kind === 'postgres' ? 4 : 1),
        enrollments: args.enrollments,
        outboxEmails: args['outbox-emails'],
        todayUrl,
        token,
        timing,
      })
    : null;

closeClient();
await server.close();
console.log('recording batches of 10,000 touches, against plain multi-row INSERTs of the same rows');
const touches = await benchTouches({ db: store.db, raw });
await rawClient?.end();
await bench.close();
const importRows = args['import-rows'] ?? args.contacts;
const imported =
  importRows > 0 ? await benchImport({ rows: importRows, store: store.kind, databaseUrl }) : null;
const mailMessages = args['mail-messages'];
const mailSync =
  mailMessages > 0 ? await benchMailSync({ messages: mailMessages, store: store.kind, databaseUrl }) : null;

const round2 = (x: number) => Math.round(x * 100) / 100;
const ratio = (a: Timing, b: Timing) => ({
  p50: Math.round((a.p50 / b.p50) * 100) / 100,
  p99: Math.round((a.p99 / b.p99) * 100) / 100,
});
const isTarget = store.kind === 'postgres' && args.contacts >= 1_000_000;
const result: BenchResult = {
  date: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    // Other work on the machine skews the figures; the 1-minute load average says how much.
    loadAverage: { before: round2(loadBefore), after: round2(loadavg()[0]!) },
    node: process.version,
    postgres:
      store.kind === 'postgres'
        ? execSync('psql --version').toString().trim()
        : 'PGlite 0.5.16 (PostgreSQL 18)',
  },
  store: store.kind,
  server: server.where,
  contacts: args.contacts,
  counts: bench.counts,
  owners: args.owners,
  ownerContacts: owned[0]?.owned ?? 0,
  ownerDue: owned[0]?.due ?? 0,
  asOf,
  requests: n,
  generatedSeconds: bench.generatedSeconds,
  httpFloor: floor,
  today: { api: todayApi, raw: todayRaw, ratio: ratio(todayApi, todayRaw) },
  search: {
    api: searchApi,
    raw: searchRaw,
    ratio: ratio(searchApi, searchRaw),
    queries,
    hits,
  },
  collectedBetween: timing.collectBetween,
  targets: {
    appliesToThisRun: isTarget,
    todayRatio: { target: '≤ 1.6× raw (p50)', pass: todayApi.p50 / todayRaw.p50 <= 1.6 },
    todayP99: { target: '≤ 20 ms', pass: todayApi.p99 <= 20 },
    searchP99: { target: '≤ 30 ms', pass: searchApi.p99 <= 30 },
    touchesRatio: { target: '≤ 3× plain INSERTs', pass: touches.median.ratio <= 3 },
    importRate:
      imported === null
        ? null
        : store.kind === 'postgres'
          ? { target: '≥ 0.5× COPY', pass: (imported.ratioToCopy ?? 0) >= 0.5 }
          : { target: '≥ 10,000 rows/s', pass: imported.rowsPerSecond >= 10_000 },
    mailSyncRate: mailSync && {
      target: '≥ 40,000 messages/min',
      pass: mailSync.syncPerMinute >= 40_000,
    },
    mailSyncRatio: mailSync && { target: '≥ 0.5× a bare IMAP fetch', pass: mailSync.ratioToFetch >= 0.5 },
  },
  touches,
  imported,
  mailSync,
  mailSyncSkipped: mailMessages > 0 && !mailSync,
  sequences,
};

console.log(renderTable(result));
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
const file = new URL(`./results/${store.kind}-${args.contacts}`, import.meta.url).pathname;
writeFileSync(`${file}.json`, `${JSON.stringify(result, null, 2)}\n`);
writeFileSync(`${file}.md`, renderMarkdown(result));
console.log(`wrote ${file}.json and ${file}.md`);
