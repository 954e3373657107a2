// `tsx bench/duplicates.ts [--contacts 100000] [--store pglite|postgres]`
// Generates a workspace (the demo generator), adds 1% near-duplicates (a variant of the name at the same
// company with the same phone, and some with the same email under a +tag), then times the duplicate
// finder's first and a later page (findDuplicates: the candidate statement and the page's contacts)
// against the candidate statement alone, counting every pair (the limit: the finder cannot be faster).
// Figures go to docs/benchmarks.md. PostgreSQL uses DATABASE_URL (a scratch database is created).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openStore, queryRows, type Store } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { inTransaction } from '../src/db/transaction.ts';
import { generateWorkspace } from '../src/domains/demo/generate.ts';
import { candidatePairs, findDuplicates } from '../src/domains/duplicates/find-duplicates.ts';
import { withDatabase } from '../src/test/template.ts';
import { measureInterleaved } from './measure.ts';

const { values } = parseArgs({
  options: {
    contacts: { type: 'string', default: '100000' },
    store: { type: 'string', default: 'pglite' },
    explain: { type: 'boolean', default: false },
  },
});
const contacts = Number(values.contacts);

let store: Store;
let cleanup = async () => {};
if (values.store === 'postgres') {
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `kith_dupes_${contacts}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  store = await openStore({ databaseUrl: withDatabase(url, name) });
  cleanup = async () => {
    await admin.query(`drop database if exists ${name}`);
    await admin.end();
  };
} else {
  const dir = mkdtempSync(join(tmpdir(), 'kith-dupes-'));
  store = await openStore({ dataDir: dir });
  cleanup = async () => rmSync(dir, { recursive: true, force: true });
}
await migrate(store);
const started = performance.now();
const { workspaceId } = await generateWorkspace({
  db: store.db,
  seed: 42,
  contacts,
  interactionsPerContact: 1,
  owners: 20,
  workspaceName: 'Duplicates bench',
  chunkSize: 2000,
});
// Near-duplicates of 1% of the contacts: a longer first name at the same company, the same phones.
await store.db.execute(sql`
  insert into contacts (workspace_id, first_name, last_name, company_id, phones, linkedin_url)
  select workspace_id, first_name || 'a', last_name, company_id, phones,
         case when random() < 0.3 then 'https://www.linkedin.com/in/' || id end
    from contacts where workspace_id = ${workspaceId}::uuid and random() < 0.01`);
// ...and the same email under a +tag for a few of them.
await store.db.execute(sql`
  insert into contacts (workspace_id, first_name, last_name) select ${workspaceId}::uuid, 'Plus', e.email
    from contact_emails e where e.workspace_id = ${workspaceId}::uuid and random() < 0.002`);
await store.db.execute(sql`
  insert into contact_emails (workspace_id, contact_id, email)
  select c.workspace_id, c.id, replace(c.last_name, '@', '+crm@') from contacts c
   where c.workspace_id = ${workspaceId}::uuid and c.first_name = 'Plus'`);
await store.db.execute(sql`analyze`);
const [counts] = await queryRows<{ contacts: number; companies: number }>(
  store.db,
  sql`select (select count(*)::int from contacts) as contacts, (select count(*)::int from companies) as companies`,
);
console.log(`generated ${JSON.stringify(counts)} in ${((performance.now() - started) / 1000).toFixed(0)} s`);

// As the route runs it: in a transaction of its own (the finder turns JIT off for it).
const find = (cursor?: string) =>
  inTransaction(store.db, (tx) => findDuplicates({ db: tx, workspaceId, limit: 50, cursor }));
const first = await find();
const cursor = first.nextCursor ?? undefined;
const reasons = new Map<string, number>();
for (const p of first.pairs) reasons.set(p.reason, (reasons.get(p.reason) ?? 0) + 1);
console.log(`first page: ${first.pairs.length} pairs`, Object.fromEntries(reasons));

// The limit: the candidate statement alone, every pair counted (what any page must compute first).
const candidateText = candidatePairs(workspaceId);
if (values.explain) {
  const plan = await inTransaction(store.db, async (tx) => {
    await tx.execute(sql`set local jit = off`);
    return queryRows<{ 'QUERY PLAN': string }>(
      tx,
      sql`explain (analyze, buffers off) select count(*) from (${candidateText}) p`,
    );
  });
  console.log(plan.map((r) => r['QUERY PLAN']).join('\n'));
}
const timings = await measureInterleaved(
  { n: 10, warmup: 2, collectBetween: false },
  {
    'candidates only (count)': async () => {
      await inTransaction(store.db, async (tx) => {
        await tx.execute(sql`set local jit = off`);
        await queryRows(tx, sql`select count(*) from (${candidateText}) p`);
      });
    },
    'GET /api/duplicates page 1': async () => {
      await find();
    },
    'GET /api/duplicates page 2': async () => {
      await find(cursor);
    },
  },
);
const [total] = await queryRows<{ n: number }>(
  store.db,
  sql`select count(*)::int as n from (${candidateText}) p`,
);
console.log(`store ${values.store}, ${counts?.contacts} contacts, ${total?.n} candidate pairs`);
for (const [name, t] of Object.entries(timings)) {
  console.log(`${name.padEnd(28)} p50 ${t.p50.toFixed(1)} ms  p99 ${t.p99.toFixed(1)} ms`);
}
await store.close();
await cleanup();
