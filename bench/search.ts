// `tsx bench/search.ts [--contacts 1000000] [--database kith_search_1m] [--workspace Bench] [--store postgres|pglite]`
// (--workspace searches an existing workspace, such as the full bench's, and never generates one)
// Times contactSearchQuery raw over varied queries drawn from the data: misspelt full names, single
// names, prefixes, email parts, company names and names spelt by ear ("Jon Smit"). Prints p50/p90/p99 overall and per kind.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { openStore, queryRows, type Store, WARM_BACKEND_ALLOCATOR_SQL } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { contactSearchQuery } from '../src/domains/contacts/search.ts';
import { generateWorkspace } from '../src/domains/demo/generate.ts';
import { createRandom } from '../src/domains/demo/random.ts';
import { withDatabase } from '../src/test/template.ts';
import { misspell, misspellByEar } from './measure.ts';
import { openSearchBenchStore } from './search-store.ts';

const { values } = parseArgs({
  options: {
    contacts: { type: 'string', default: '1000000' },
    database: { type: 'string' },
    workspace: { type: 'string' },
    store: { type: 'string', default: 'postgres' },
  },
});
const contacts = Number(values.contacts);
let store: Store;
let workspaceId: string;
let raw: { query: (text: string, params?: unknown[]) => Promise<{ rows: unknown[] }> };
let rawClient: pg.Client | null = null;
let cleanup = async () => {};
if (values.store === 'pglite') {
  const dir = mkdtempSync(join(tmpdir(), 'kith-search-'));
  store = await openStore({ dataDir: dir });
  await migrate(store);
  const made = await generateWorkspace({
    db: store.db,
    seed: 42,
    contacts,
    interactionsPerContact: 1,
    owners: 20,
    workspaceName: 'Search bench',
    chunkSize: 2000,
  });
  workspaceId = made.workspaceId;
  await store.db.execute(sql`analyze`);
  cleanup = async () => rmSync(dir, { recursive: true, force: true });
  raw = store.raw;
} else {
  const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const opened = await openSearchBenchStore({
    databaseUrl,
    databaseName: values.database ?? `kith_search_${contacts}`,
    contacts,
    workspaceName: values.workspace,
  });
  store = opened.store;
  workspaceId = opened.workspaceId;
  rawClient = new pg.Client({
    connectionString: withDatabase(databaseUrl, values.database ?? `kith_search_${contacts}`),
  });
  await rawClient.connect();
  await rawClient.query(WARM_BACKEND_ALLOCATOR_SQL); // as the server's pooled connections
}
raw = rawClient ?? store.raw;

type Kind =
  | 'misspelt full name'
  | 'full name'
  | 'first name'
  | 'misspelt last name'
  | 'by ear'
  | 'fact word'
  | 'prefix'
  | 'email'
  | 'company';
const rng = createRandom(7);
const people = await queryRows<{
  first_name: string;
  last_name: string;
  email: string;
  company: string | null;
}>(
  store.db,
  sql`select c.first_name, c.last_name, e.email, co.name as company
        from contacts c
        join contact_emails e on e.workspace_id = c.workspace_id and e.contact_id = c.id and e.position = 0
        left join companies co on co.workspace_id = c.workspace_id and co.id = c.company_id
       where c.workspace_id = ${workspaceId}::uuid
       order by c.id offset 1000 limit 200`,
);
const queries: { kind: Kind; q: string }[] = [];
// Words of the demo's facts and next steps, which only search's last tier finds.
const noteWords = ['copenhagen', 'sailing', 'marathon', 'pepper', 'bouldering', 'itinerary', 'case study'];
for (const p of people.slice(0, 200)) {
  const roll = queries.length % 10;
  const local = p.email.split('@')[0]!;
  if (roll === 0) queries.push({ kind: 'misspelt full name', q: misspell(`${p.first_name} ${p.last_name}`) });
  if (roll === 1) queries.push({ kind: 'misspelt full name', q: `${p.first_name} ${misspell(p.last_name)}` });
  if (roll === 2) queries.push({ kind: 'full name', q: `${p.first_name} ${p.last_name}` });
  if (roll === 3) queries.push({ kind: 'first name', q: p.first_name });
  if (roll === 4) queries.push({ kind: 'misspelt last name', q: misspell(p.last_name) });
  if (roll === 5) queries.push({ kind: 'prefix', q: p.last_name.slice(0, rng.int(3, 5)) });
  if (roll === 6) queries.push({ kind: 'email', q: rng.chance(0.5) ? `${local}@` : p.email.split('@')[1]! });
  if (roll === 7) queries.push({ kind: 'company', q: p.company ?? p.last_name });
  if (roll === 9) queries.push({ kind: 'fact word', q: rng.pick(noteWords) });
  if (roll === 8)
    queries.push({ kind: 'by ear', q: `${misspellByEar(p.first_name)} ${misspellByEar(p.last_name)}` });
}

const dialect = new PgDialect();
const compiled = queries.map((x) =>
  dialect.sqlToQuery(contactSearchQuery({ workspaceId, q: x.q, limit: 51, filters: { archived: false } })),
);
// The search is one statement, on one connection.
const run = async (c: { sql: string; params: unknown[] }) => (await raw.query(c.sql, c.params)).rows.length;
for (const c of compiled.slice(0, 20)) await run(c);
const times: { kind: Kind; ms: number; hits: number }[] = [];
for (const [i, c] of compiled.entries()) {
  const start = performance.now();
  const hits = await run(c);
  times.push({ kind: queries[i]!.kind, ms: performance.now() - start, hits });
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN;
};
const line = (label: string, rows: typeof times) => {
  const ms = rows.map((r) => r.ms);
  const f = (x: number) => x.toFixed(1).padStart(7);
  const empty = rows.filter((r) => r.hits === 0).length;
  console.log(
    `${label.padEnd(20)} n=${String(rows.length).padStart(3)} p50${f(pct(ms, 50))} p90${f(pct(ms, 90))} p99${f(pct(ms, 99))} max${f(Math.max(...ms))}  no hits: ${empty}`,
  );
};
console.log(`${values.store}, ${contacts} contacts, ${queries.length} queries (ms, raw SQL, limit 51)`);
line('all', times);
for (const kind of new Set(times.map((t) => t.kind)))
  line(
    kind,
    times.filter((t) => t.kind === kind),
  );
const slowest = times
  .map((t, i) => ({ ...t, q: queries[i]!.q }))
  .sort((a, b) => b.ms - a.ms)
  .slice(0, 5);
console.log('slowest:', slowest.map((s) => `${s.q} (${s.ms.toFixed(1)} ms, ${s.hits} hits)`).join('; '));
await rawClient?.end();
await store.close();
await cleanup();
