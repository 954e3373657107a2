import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { apiAs, openTestApp, type TestApp } from '../../test/http.ts';
import { tiers } from '../cadence/schema.ts';
import { buildUser, type TestUser } from '../workspaces/factories.ts';
import { buildContact } from './factories.ts';
import { contacts, searchVocabulary } from './schema.ts';
import { searchWordsOf } from './search-text.ts';
import { findContactByEmail } from './service.ts';

let t: TestApp;
let owner: TestUser;
let member: TestUser;
let stranger: TestUser;
let companyId: string;
let tierId: string;
const ids: Record<string, string> = {};

type Item = { id: string; name: string };
const names = (body: { items: Item[] }) => body.items.map((i) => i.name);

beforeAll(async () => {
  t = await openTestApp();
  owner = await buildUser(t.store.db, { workspace: 'Search Co' });
  member = await buildUser(t.store.db, { workspace: 'Search Co', role: 'member' });
  stranger = await buildUser(t.store.db, { workspace: 'Elsewhere' });
  const api = apiAs(t.app, owner.token);
  const company = await api.post('/api/companies', { name: 'Initech Systems' });
  companyId = company.body.id;
  const [tier] = await t.store.db
    .insert(tiers)
    .values({ workspaceId: owner.workspaceId, name: 'Monthly', priority: 2, intervalDays: 30 })
    .returning();
  tierId = tier!.id;
  const people = [
    { firstName: 'John', lastName: 'Smith', emails: ['jsmith@smith-family.test'], companyId },
    { firstName: 'Margaret', lastName: 'Hamilton', emails: ['margaret@apollo.test'], tags: ['nasa'] },
    { firstName: 'Jane', lastName: 'Doe', emails: ['jane.doe@example.test'], stage: 'customer', tierId },
    { firstName: 'Johnny', lastName: 'Cash', emails: ['man.in.black@music.test'], ownerId: member.userId },
    { firstName: 'Peter', lastName: 'Gibbons', emails: ['peter@initech.test'], companyId, archived: true },
  ];
  for (const p of people) {
    const { archived, ...input } = p;
    const res = await api.post('/api/contacts', input);
    ids[p.firstName] = res.body.id;
    if (archived) await api.patch(`/api/contacts/${res.body.id}`, { archived: true });
  }
  // Noise, and the same name in another workspace, which must never show.
  // Fixed names and emails without digits: the factory's random hex could contain what a query looks for
  // (a filler "Person a1001b24" once matched the query "100%_\\" below, as it should).
  for (const letter of 'abcdefghijkl') {
    await buildContact(t.store.db, owner.workspaceId, {
      firstName: 'Filler',
      lastName: `Person ${letter}`,
      email: `filler.${letter}@example.test`,
    });
  }
  await buildContact(t.store.db, stranger.workspaceId, { firstName: 'John', lastName: 'Smith' });
});
afterAll(() => t.close());

describe('GET /api/contacts?q= (fuzzy search)', () => {
  const search = async (q: string, extra = '') =>
    apiAs(t.app, owner.token).get(`/api/contacts?q=${encodeURIComponent(q)}${extra}`);

  it('finds a contact by a misspelt name, best match first', async () => {
    const res = await search('Jonh Smiht');
    expect(res.status).toBe(200);
    expect(res.body.items[0].id).toBe(ids.John);
    expect((await search('Margret')).body.items[0].id).toBe(ids.Margaret);
    expect((await search('hamiltn')).body.items[0].id).toBe(ids.Margaret);
  });

  it('finds a contact by part of an email and by company name', async () => {
    expect(names((await search('man.in.bla')).body)).toEqual(['Johnny Cash']);
    expect((await search('apollo')).body.items[0].id).toBe(ids.Margaret);
    const byCompany = await search('initech');
    expect(byCompany.body.items.map((i: Item) => i.id)).toEqual([ids.John]);
    expect((await search('Initek Sytems')).body.items[0].id).toBe(ids.John);
  });

  it('ranks an exact substring before fuzzy matches and stays inside the workspace', async () => {
    const res = await search('john');
    expect(res.body.items.slice(0, 2).map((i: Item) => i.id)).toEqual([ids.Johnny, ids.John]);
    const found = (await search('smith')).body.items.map((i: Item) => i.id);
    expect(found).toEqual([ids.John]);
  });

  it('returns nothing for an unrelated query, and handles one-letter and LIKE-special queries', async () => {
    expect((await search('zzyzx qqq')).body).toEqual({ items: [], nextCursor: null });
    expect((await search('j')).status).toBe(200);
    expect((await search('100%_\\')).body.items).toEqual([]);
  });

  it('matches a number only as itself or as a prefix, never a near number', async () => {
    // In a workspace of its own, so that no other test here sees the digits.
    const numbers = await buildUser(t.store.db, { workspace: 'Numbers Co' });
    const ada = await buildContact(t.store.db, numbers.workspaceId, {
      firstName: 'Ada',
      lastName: 'Numbers',
      email: 'ada.4217@example.test',
    });
    const find = async (q: string) =>
      (await apiAs(t.app, numbers.token).get(`/api/contacts?q=${q}`)).body.items.map((i: Item) => i.id);
    expect(await find('4217')).toEqual([ada.id]);
    expect(await find('421')).toEqual([ada.id]);
    expect(await find('4271')).toEqual([]);
    expect(await find('4218')).toEqual([]);
  });

  it('looks words up with sequential scans off, declared on the function so a search is one statement', async () => {
    const [fn] = await queryRows<{ config: string[] }>(
      t.store.db,
      sql`select proconfig as config from pg_proc where proname = 'search_word_candidates'`,
    );
    expect(fn?.config).toEqual(['enable_seqscan=off']);
  });

  it('applies the filters to a search, including archived', async () => {
    expect(names((await search('initech', '&archived=true')).body)).toEqual(['Peter Gibbons']);
    expect((await search('jane', `&tierId=${tierId}`)).body.items.map((i: Item) => i.id)).toEqual([ids.Jane]);
    expect((await search('jane', '&stage=lead')).body.items).toEqual([]);
  });

  it('pages search results with an offset cursor and rejects a foreign cursor', async () => {
    const first = await search('filler', '&limit=5');
    expect(first.body.items).toHaveLength(5);
    const second = await search('filler', `&limit=5&cursor=${first.body.nextCursor}`);
    const third = await search('filler', `&limit=5&cursor=${second.body.nextCursor}`);
    const all = [...first.body.items, ...second.body.items, ...third.body.items].map((i: Item) => i.id);
    expect(new Set(all).size).toBe(12);
    expect(third.body.nextCursor).toBeNull();
    const nameCursor = (await apiAs(t.app, owner.token).get('/api/contacts?limit=1')).body.nextCursor;
    const bad = await search('filler', `&cursor=${nameCursor}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('query.cursor');
  });
});

describe('GET /api/contacts?q= (vocabulary, prefixes and slips)', () => {
  const search = async (q: string, extra = '') =>
    apiAs(t.app, owner.token).get(`/api/contacts?q=${encodeURIComponent(q)}${extra}`);
  const ids_ = (body: { items: Item[] }) => body.items.map((i) => i.id);

  it('finds a contact by the start of a word, as typed', async () => {
    expect(ids_((await search('marg')).body)[0]).toBe(ids.Margaret);
    expect(ids_((await search('hamil')).body)[0]).toBe(ids.Margaret);
    expect(ids_((await search('jo smi')).body)[0]).toBe(ids.John);
  });

  it('finds a contact despite a swapped, missing or doubled letter', async () => {
    expect(ids_((await search('Hmailton')).body)[0]).toBe(ids.Margaret);
    expect(ids_((await search('Gibons')).body)).toEqual([]); // archived, so not listed...
    expect(ids_((await search('Gibons', '&archived=true')).body)).toEqual([ids.Peter]); // ...unless asked
    expect(ids_((await search('Doee')).body)[0]).toBe(ids.Jane);
  });

  it('finds a contact by an email local part or domain', async () => {
    expect(ids_((await search('jsmith@')).body)).toEqual([ids.John]);
    expect(ids_((await search('smith-family.test')).body)[0]).toBe(ids.John);
    expect(ids_((await search('jane.doe@example.test')).body)).toEqual([ids.Jane]);
  });

  it('combines q with the owner, stage and tag filters', async () => {
    expect(ids_((await search('john', `&ownerId=${member.userId}`)).body)).toEqual([ids.Johnny]);
    expect(ids_((await search('margaret', '&tag=nasa')).body)).toEqual([ids.Margaret]);
    expect(ids_((await search('margaret', '&tag=other')).body)).toEqual([]);
    expect(ids_((await search('doe', '&stage=customer')).body)).toEqual([ids.Jane]);
  });

  it('stores the same words as searchWordsOf, and every one of them in the vocabulary', async () => {
    const rows = await t.store.db
      .select({ text: contacts.searchText, words: contacts.searchWords })
      .from(contacts)
      .where(eq(contacts.workspaceId, owner.workspaceId));
    for (const row of rows) expect([...row.words].sort()).toEqual(searchWordsOf(row.text).sort());
    const vocabulary = new Set(
      (
        await t.store.db
          .select({ word: searchVocabulary.word })
          .from(searchVocabulary)
          .where(eq(searchVocabulary.workspaceId, owner.workspaceId))
      ).map((r) => r.word),
    );
    for (const row of rows) for (const w of row.words) expect(vocabulary.has(w), w).toBe(true);
    expect(searchWordsOf("léa o'brien-smith jsmith42@acme.test")).toEqual([
      'léa',
      'o',
      'brien',
      'smith',
      'jsmith',
      '42',
      'acme',
      'test',
    ]);
  });

  it('learns new words when a contact is edited', async () => {
    const api = apiAs(t.app, owner.token);
    const made = await api.post('/api/contacts', { firstName: 'Ursula', lastName: 'Quennell' });
    expect(ids_((await search('Qeunnell')).body)).toEqual([made.body.id]);
    await api.patch(`/api/contacts/${made.body.id}`, {
      lastName: 'Xanthopoulos',
      emails: ['ursula@zephyrine.test'],
    });
    expect(ids_((await search('Xanthopolous')).body)).toEqual([made.body.id]);
    expect(ids_((await search('zephyrine')).body)).toEqual([made.body.id]);
    expect(ids_((await search('Quennell')).body)).toEqual([]);
    // Leaves the workspace as the list tests below expect it.
    expect((await api.delete(`/api/contacts/${made.body.id}`)).status).toBe(204);
    expect(ids_((await search('Xanthopoulos')).body)).toEqual([]);
  });
});

describe('GET /api/contacts (list)', () => {
  const list = (query: string, token = owner.token) => apiAs(t.app, token).get(`/api/contacts?${query}`);

  it('orders by last then first name and pages with no duplicates or gaps', async () => {
    const all = await list('limit=200');
    expect(all.status).toBe(200);
    const expected = all.body.items.map((i: Item) => i.id);
    expect(expected.length).toBe(16);
    const lastNames = all.body.items.map((i: { lastName: string }) => i.lastName.toLowerCase());
    expect(lastNames).toEqual([...lastNames].sort());
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Item[]; nextCursor: string | null } } = await list(
        `limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.items.map((i) => i.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(expected);
  });

  it('filters by tier, stage, tag, owner, company and archived', async () => {
    expect(names((await list(`tierId=${tierId}`)).body)).toEqual(['Jane Doe']);
    expect(names((await list('stage=customer')).body)).toEqual(['Jane Doe']);
    expect(names((await list('tag=NASA')).body)).toEqual(['Margaret Hamilton']);
    expect(names((await list(`ownerId=${member.userId}`)).body)).toEqual(['Johnny Cash']);
    expect(names((await list('ownerId=me', member.token)).body)).toEqual(['Johnny Cash']);
    expect(names((await list(`companyId=${companyId}`)).body)).toEqual(['John Smith']);
    expect(names((await list(`companyId=${companyId}&archived=true`)).body)).toEqual(['Peter Gibbons']);
  });

  it('rejects bad query values naming the field, and answers 401 without a credential', async () => {
    for (const [query, field] of [
      ['limit=0', 'query.limit'],
      ['limit=201', 'query.limit'],
      ['stage=nope', 'query.stage'],
      ['ownerId=you', 'query.ownerId'],
      ['archived=maybe', 'query.archived'],
      ['cursor=garbage', 'query.cursor'],
    ]) {
      const res = await list(query!);
      expect(res.status, query).toBe(400);
      expect(res.body.error.fields[0].field).toBe(field);
    }
    expect((await apiAs(t.app).get('/api/contacts')).status).toBe(401);
  });

  it("never lists another workspace's contacts", async () => {
    const theirs = await list('limit=200', stranger.token);
    expect(names(theirs.body)).toEqual(['John Smith']);
    expect(theirs.body.items[0].id).not.toBe(ids.John);
  });
});

describe('findContactByEmail', () => {
  it('finds a contact by any case of its address, only in its workspace', async () => {
    const db = t.store.db;
    const found = await findContactByEmail({
      db,
      workspaceId: owner.workspaceId,
      email: 'JSMITH@Smith-Family.test',
    });
    expect(found?.id).toBe(ids.John);
    expect(
      await findContactByEmail({ db, workspaceId: stranger.workspaceId, email: 'jsmith@smith-family.test' }),
    ).toBeNull();
  });
});

describe('search text follows the company', () => {
  it('is rebuilt for all its contacts on rename and cleared on delete', async () => {
    const api = apiAs(t.app, owner.token);
    const company = await api.post('/api/companies', { name: 'Vandelay Industries' });
    const a = await api.post('/api/contacts', {
      firstName: 'Art',
      lastName: 'Vandelay',
      companyId: company.body.id,
    });
    const b = await api.post('/api/contacts', {
      firstName: 'Kel',
      lastName: 'Varnsen',
      companyId: company.body.id,
    });
    expect((await api.patch(`/api/companies/${company.body.id}`, { name: 'Kramerica' })).status).toBe(200);
    const found = (await api.get('/api/contacts?q=kramerica')).body.items.map((i: Item) => i.id);
    expect(found.sort()).toEqual([a.body.id, b.body.id].sort());
    expect((await api.get(`/api/contacts/${b.body.id}`)).body.company).toEqual({
      id: company.body.id,
      name: 'Kramerica',
    });
    // The vocabulary learnt the new name, so a misspelling of it finds them too.
    const misspelt = (await api.get('/api/contacts?q=kramerika')).body.items.map((i: Item) => i.id);
    expect(misspelt.sort()).toEqual([a.body.id, b.body.id].sort());
    expect((await api.delete(`/api/companies/${company.body.id}`)).status).toBe(204);
    expect((await api.get('/api/contacts?q=kramerica')).body.items).toEqual([]);
    const unlinked = await api.get(`/api/contacts/${a.body.id}`);
    expect(unlinked.body).toMatchObject({ companyId: null, company: null });
  });
});
