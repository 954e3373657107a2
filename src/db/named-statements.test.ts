import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, type TestUser } from '../domains/workspaces/factories.ts';
import { apiAs, openTestApp, type TestApp } from '../test/http.ts';
import { queryRows } from './client.ts';
import { statementNamer } from './named-statements.ts';

describe('statementNamer', () => {
  it('names a text by its content from its second run, and names no more texts past its limit', () => {
    const nameOf = statementNamer({ max: 3, after: 2 });
    expect(nameOf('select 1')).toBeUndefined();
    const first = nameOf('select 1');
    expect(first).toMatch(/^kith_[\w-]{24}$/);
    expect(nameOf('select 1')).toBe(first);
    // Texts run once (a rare shape) take no name, so they cannot crowd out the ones that repeat.
    for (let i = 0; i < 10; i++) expect(nameOf(`select ${i} as once`)).toBeUndefined();
    for (const text of ['select 2', 'select 3']) {
      nameOf(text);
      expect(nameOf(text)).toMatch(/^kith_/);
    }
    expect(nameOf('select 2')).not.toBe(first);
    nameOf('select 4');
    expect(nameOf('select 4')).toBeUndefined();
    expect(nameOf('select 1')).toBe(first);
  });
});

describe('named statements on the store', () => {
  let t: TestApp;
  let owner: TestUser;
  beforeAll(async () => {
    // One connection, so every statement of the test runs on it and pg_prepared_statements, which shows
    // only the asking connection's statements, sees them all.
    t = await openTestApp({ poolSize: 1 });
    owner = await buildUser(t.store.db, { workspace: 'Prepared Co' });
    const api = apiAs(t.app, owner.token);
    for (const [firstName, lastName] of [
      ['Grace', 'Hopper'],
      ['Ada', 'Lovelace'],
      ['Alan', 'Turing'],
    ]) {
      expect((await api.post('/api/contacts', { firstName, lastName })).status).toBe(201);
    }
  });
  afterAll(() => t.close());

  // PostgreSQL plans a named statement's first five runs for their values, then may keep a generic plan;
  // shapes taking turns past that must each keep answering for their own values.
  it('answers each search and list shape rightly, run after run', async () => {
    const api = apiAs(t.app, owner.token);
    const names = async (query: string) =>
      ((await api.get(`/api/contacts?${query}`)).body.items as { name: string }[]).map((i) => i.name);
    for (let run = 0; run < 8; run++) {
      expect(await names('q=hoppre')).toEqual(['Grace Hopper']);
      expect(await names('q=ada%20lovelace')).toEqual(['Ada Lovelace']);
      expect(await names(`q=${run % 2 ? 'turing' : 'alan'}`)).toEqual(['Alan Turing']);
      expect(await names('limit=2')).toEqual(['Grace Hopper', 'Ada Lovelace']);
    }
    if (t.store.kind !== 'postgres') return; // PGlite has no named statements
    const prepared = await queryRows<{ runs: number }>(
      t.store.db,
      sql`select generic_plans + custom_plans as runs from pg_prepared_statements where name like 'kith\\_%'
          and statement like '%ranked%'`,
    );
    expect(prepared.length).toBeGreaterThanOrEqual(3);
    expect(prepared.every((p) => Number(p.runs) >= 6)).toBe(true);
  });
});
