import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, type TestUser } from '../domains/workspaces/factories.ts';
import { apiAs, openTestApp, type TestApp } from '../test/http.ts';
import { MAX_NAMED_STATEMENTS, statementName } from './named-statements.ts';

describe('named statements on the store', () => {
  let t: TestApp;
  let owner: TestUser;
  beforeAll(async () => {
    t = await openTestApp();
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
  // two shapes taking turns past that must each keep answering for their own values.
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
  });
});

describe('statementName', () => {
  it('names a text by its content, and stops naming new texts past the limit', () => {
    const first = statementName('select 1 as kith_statement_test');
    expect(first).toMatch(/^kith_[\w-]{24}$/);
    expect(statementName('select 1 as kith_statement_test')).toBe(first);
    expect(statementName('select 2 as kith_statement_test')).not.toBe(first);
    // Runs after the store's tests, which named their statements; fill what is left of the limit.
    for (let i = 0; i < MAX_NAMED_STATEMENTS; i++) statementName(`select ${i} as kith_filler`);
    expect(statementName('select 3 as kith_statement_test')).toBeUndefined();
    expect(statementName('select 1 as kith_statement_test')).toBe(first);
  });
});
