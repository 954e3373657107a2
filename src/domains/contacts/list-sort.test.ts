import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayUtc } from '../../shared/dates.ts';
import { apiAs, openTestApp, type TestApp } from '../../test/http.ts';
import { buildTier } from '../cadence/factories.ts';
import { buildCompany } from '../companies/factories.ts';
import { buildUser, type TestUser } from '../workspaces/factories.ts';
import { users } from '../workspaces/schema.ts';
import { buildContact } from './factories.ts';
import { contacts } from './schema.ts';

let t: TestApp;
let owner: TestUser;
let member: TestUser;
const today = todayUtc();

type Item = {
  id: string;
  firstName: string;
  lastName: string;
  company: { name: string } | null;
  tier: { priority: number } | null;
  lastTouchAt: string | null;
  nextDueAt: string | null;
  ownerId: string | null;
};
let all: Item[] = [];

beforeAll(async () => {
  t = await openTestApp();
  const db = t.store.db;
  owner = await buildUser(db, { workspace: 'List Co' });
  member = await buildUser(db, { workspace: 'List Co', role: 'member' });
  await db.update(users).set({ name: 'alma owner' }).where(eq(users.id, owner.userId));
  await db.update(users).set({ name: 'zeno member' }).where(eq(users.id, member.userId));
  const key = await buildTier(db, owner.workspaceId, { name: 'Key', priority: 1, intervalDays: 14 });
  const nurture = await buildTier(db, owner.workspaceId, { name: 'Nurture', priority: 3, intervalDays: 90 });
  const acme = await buildCompany(db, owner.workspaceId, { name: 'acme' });
  const beta = await buildCompany(db, owner.workspaceId, { name: 'beta' });
  // Names, companies, tiers, owners and dates with ties and gaps, so every order has nulls and equal values.
  const rows = [
    ['anna', 'berg', acme.id, key.id, owner.userId, -20, -3, null],
    ['bo', 'berg', beta.id, null, member.userId, -5, 2, null],
    ['cleo', 'adams', null, nurture.id, null, null, null, 5],
    ['dan', 'cole', acme.id, nurture.id, owner.userId, -40, 10, null],
    ['eve', 'dahl', beta.id, key.id, member.userId, -1, -1, 30],
    ['finn', 'east', null, null, owner.userId, null, 6, null],
    ['gus', 'fox', acme.id, key.id, null, -20, null, null],
  ] as const;
  for (const [firstName, lastName, companyId, tierId, ownerId, touched, due, snoozed] of rows) {
    const made = await buildContact(db, owner.workspaceId, {
      firstName,
      lastName,
      companyId,
      tierId,
      ownerId,
    });
    // The stored due state, set as the due engine would have left it.
    await db
      .update(contacts)
      .set({
        lastTouchAt: touched === null ? null : new Date(Date.parse(`${addDays(today, touched)}T10:00:00Z`)),
        nextDueOn: due === null ? null : addDays(today, due),
        nextStepOn: firstName === 'anna' || firstName === 'eve' ? addDays(today, 1) : null,
        snoozedUntil: snoozed === null ? null : addDays(today, snoozed),
      })
      .where(eq(contacts.id, made.id));
  }
  all = (await apiAs(t.app, owner.token).get('/api/contacts?limit=200')).body.items;
});
afterAll(() => t.close());

const api = () => apiAs(t.app, owner.token);

/** Every page of a sorted list, two rows at a time, as first names. */
async function pages(query: string): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const res: { status: number; body: { items: Item[]; nextCursor: string | null } } = await api().get(
      `/api/contacts?limit=2&${query}${cursor ? `&cursor=${cursor}` : ''}`,
    );
    expect(res.status, query).toBe(200);
    seen.push(...res.body.items.map((i) => i.firstName));
    cursor = res.body.nextCursor;
  } while (cursor);
  return seen;
}

const ownerName = (id: string | null) =>
  id === owner.userId ? 'alma owner' : id === member.userId ? 'zeno member' : null;
const VALUE: Record<string, (i: Item) => string | number | null> = {
  company: (i) => i.company?.name ?? null,
  tier: (i) => i.tier?.priority ?? null,
  lastTouch: (i) => i.lastTouchAt,
  nextDue: (i) => i.nextDueAt,
  owner: (i) => ownerName(i.ownerId),
};

/** The order a person expects: missing values last either way, then by value, then by name. */
function expected(sort: string, dir: 'asc' | 'desc'): string[] {
  const sign = dir === 'asc' ? 1 : -1;
  const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
  return [...all]
    .sort((a, b) => {
      const va = VALUE[sort]?.(a) ?? null;
      const vb = VALUE[sort]?.(b) ?? null;
      if ((va === null) !== (vb === null)) return va === null ? 1 : -1;
      const byValue = va !== null && vb !== null ? cmp(va, vb) : 0;
      return sign * (byValue || cmp(a.lastName, b.lastName) || cmp(a.firstName, b.firstName));
    })
    .map((i) => i.firstName);
}

describe('GET /api/contacts sorted by a column', () => {
  it('pages every sort both ways with no gap or repeat, missing values last', async () => {
    expect(all).toHaveLength(7);
    for (const sort of ['name', 'company', 'tier', 'lastTouch', 'nextDue', 'owner'])
      for (const dir of ['asc', 'desc'] as const)
        expect(await pages(`sort=${sort}&dir=${dir}`), `${sort} ${dir}`).toEqual(expected(sort, dir));
    expect((await pages('sort=tier')).slice(0, 3)).toEqual(['anna', 'eve', 'gus']);
  });

  it("refuses another order's cursor and an unknown sort, naming the field", async () => {
    const first = await api().get('/api/contacts?limit=2&sort=company');
    const other = await api().get(`/api/contacts?limit=2&sort=tier&cursor=${first.body.nextCursor}`);
    expect(other.status).toBe(400);
    expect(other.body.error.fields[0].field).toBe('query.cursor');
    const bad = await api().get('/api/contacts?sort=shoe');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('query.sort');
  });
});

describe('GET /api/contacts due filters', () => {
  const names = async (query: string) =>
    ((await api().get(`/api/contacts?limit=50&${query}`)).body.items as Item[]).map((i) => i.firstName);

  it('lists the overdue, the due this week, the snoozed and those with no plan', async () => {
    expect(await names('due=overdue')).toEqual(['anna', 'eve']);
    expect(await names('due=week')).toEqual(['bo', 'finn']);
    expect(await names('due=snoozed')).toEqual(['cleo', 'eve']);
    expect((await names('due=noPlan')).sort()).toEqual(['bo', 'cleo', 'dan', 'finn', 'gus']);
    expect(await names('due=overdue&sort=nextDue&dir=desc')).toEqual(['eve', 'anna']);
    expect(await names(`due=noPlan&ownerId=${member.userId}`)).toEqual(['bo']);
    const bad = await api().get('/api/contacts?due=someday');
    expect(bad.body.error.fields[0].field).toBe('query.due');
  });
});

describe('GET /api/contacts?firstName=&lastName= (the duplicate check)', () => {
  it('finds a contact by its exact name in any case, only in the workspace', async () => {
    const found = (await api().get('/api/contacts?firstName=ANNA&lastName=Berg')).body.items as Item[];
    expect(found.map((i) => i.firstName)).toEqual(['anna']);
    expect((await api().get('/api/contacts?firstName=ann&lastName=berg')).body.items).toEqual([]);
    const stranger = await buildUser(t.store.db);
    expect(
      (await apiAs(t.app, stranger.token).get('/api/contacts?firstName=anna&lastName=berg')).body.items,
    ).toEqual([]);
  });
});
