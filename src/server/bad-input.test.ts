import { randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTier } from '../domains/cadence/factories.ts';
import { dueFixtures } from '../domains/cadence/test-data.ts';
import { buildCompany } from '../domains/companies/factories.ts';
import { buildContact } from '../domains/contacts/factories.ts';
import { contacts } from '../domains/contacts/schema.ts';
import { buildUser, type TestUser } from '../domains/workspaces/factories.ts';
import { encodeCursor } from '../shared/pagination.ts';
import { findUnstorableText } from '../shared/unstorable-text.ts';
import { type Api, type ApiResponse, apiAs, openTestApp, type TestApp } from '../test/http.ts';

// Input that passes a naive check but that PostgreSQL or the router would choke on: each is a 4xx in the
// app's error shape naming the field, and nothing is written.

let t: TestApp;
let owner: TestUser;
let api: Api;
let contactId: string;

const contactCount = async () =>
  (
    await t.store.db.select({ n: count() }).from(contacts).where(eq(contacts.workspaceId, owner.workspaceId))
  )[0]?.n;

/** The answer is a 400 whose first problem names `field`. */
function expectRefused(res: ApiResponse, field: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(res.body.error.fields[0].field).toBe(field);
}

beforeAll(async () => {
  t = await openTestApp();
  owner = await buildUser(t.store.db, { workspace: 'Bad Input Co' });
  api = apiAs(t.app, owner.token);
  contactId = (await buildContact(t.store.db, owner.workspaceId, { firstName: 'Ada' })).id;
});
afterAll(() => t.close());

describe('findUnstorableText', () => {
  it('finds a NUL or half a surrogate pair anywhere, and passes whole characters', () => {
    expect(findUnstorableText({ a: 'ok', b: ['x', 'a\u0000b'] })).toEqual(['b', '1']);
    expect(findUnstorableText({ a: { b: '\ud800' } })).toEqual(['a', 'b']);
    expect(findUnstorableText({ a: '\udc00 trailing half' })).toEqual(['a']);
    expect(findUnstorableText({ a: [{ 'key\u0000': 'x' }] })).toEqual(['a', '0', 'key\u0000']);
    expect(findUnstorableText({ a: 'Zoë 😀 Ωmega', n: 3, z: null })).toBeNull();
  });
});

describe('text PostgreSQL cannot store', () => {
  it.each([
    ['a NUL', 'Ad\u0000a'],
    ['half a surrogate pair', 'Ada \ud83d'],
  ])('refuses %s in a body field with a 400 naming it, writing nothing', async (_, firstName) => {
    const before = await contactCount();
    const res = await api.post('/api/contacts', { firstName, lastName: 'Lovelace' });
    expectRefused(res, 'body.firstName');
    expect(await contactCount()).toBe(before);
  });

  it('refuses it in a nested field of an audited change, leaving the contact as it was', async () => {
    const res = await api.patch(`/api/contacts/${contactId}`, { tags: ['ok', 'bad\ud800'] });
    expectRefused(res, 'body.tags.1');
    expect((await api.get(`/api/contacts/${contactId}`)).body.tags).toEqual([]);
  });

  it('finds it at the bottom of a body nested 100,000 levels deep, in one pass', async () => {
    const depth = 100_000;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/contacts',
      payload: `{"firstName":"Ada","tags":${'['.repeat(depth)}"a\\u0000"${']'.repeat(depth)}}`,
      headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].field).toBe(`body.tags.${'0.'.repeat(11)}…`);
  });

  it('refuses it in a query parameter', async () => {
    const res = await api.get('/api/contacts?q=a%00b');
    expectRefused(res, 'query.q');
  });
});

describe('dates outside the calendar PostgreSQL and JavaScript share', () => {
  it.each([
    ['/api/today?asOf=0000-01-01', 'query.asOf'],
    ['/api/today?asOf=0001-01-03', 'query.asOf'],
    ['/api/today?asOf=9999-12-31', 'query.asOf'],
  ])('GET %s is a 400 naming %s', async (url, field) => {
    const res = await api.get(url);
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0]).toEqual({ field, message: 'must be between 1000-01-01 and 2999-12-31' });
  });

  it.each([
    ['birthday', { birthday: '0000-01-01' }, 'body.birthday'],
    ['an occurredAt that is year 0 in UTC', { occurredAt: '1000-01-01T00:30:00+01:00' }, 'body.occurredAt'],
  ])('refuses %s, writing nothing', async (_, fields, field) => {
    const before = await api.get(`/api/contacts/${contactId}/timeline`);
    const res =
      'birthday' in fields
        ? await api.patch(`/api/contacts/${contactId}`, fields)
        : await api.post('/api/interactions', {
            contactIds: [contactId],
            kind: 'call',
            summary: 'x',
            ...fields,
          });
    expectRefused(res, field);
    expect((await api.get(`/api/contacts/${contactId}`)).body.birthday).toBeNull();
    expect((await api.get(`/api/contacts/${contactId}/timeline`)).body.items).toEqual(before.body.items);
  });

  it('still shows a date stored before the range was checked (a next step due in year 227)', async () => {
    const old = await buildContact(t.store.db, owner.workspaceId, { ownerId: owner.userId });
    await dueFixtures(t.store.db, owner.workspaceId).step(old.id, -657_000, 'Typed long ago');
    const res = await api.get('/api/today?limit=200');
    expect(res.status).toBe(200);
    const item = res.body.items.find((i: { contact: { id: string } }) => i.contact.id === old.id);
    expect(item.nextStep.dueAt).toMatch(/^02\d{2}-/);
  });

  it('still takes a historical birthday', async () => {
    const res = await api.patch(`/api/contacts/${contactId}`, { birthday: '1815-12-10' });
    expect(res.status).toBe(200);
    expect(res.body.birthday).toBe('1815-12-10');
    await api.patch(`/api/contacts/${contactId}`, { birthday: null });
  });
});

// A forged cursor is well-formed base64 JSON with the right number of parts but values the list's SQL would
// fail on (a readiness of 1.5, an id that is not a uuid, a NUL in a name): each list answers 400, not 500.
describe('forged cursors', () => {
  beforeAll(async () => {
    const tier = await buildTier(t.store.db, owner.workspaceId, { intervalDays: 14 });
    await buildCompany(t.store.db, owner.workspaceId, { name: 'Acme' });
    await buildContact(t.store.db, owner.workspaceId, { ownerId: owner.userId, tierId: tier.id });
  });

  it.each([
    ['/api/today', [1, 1.5, randomUUID()]],
    ['/api/today', [1, 2, 'x']],
    ['/api/today', [1, 99999, randomUUID()]],
    ['/api/orphans', ['a', 'b', 'x']],
    ['/api/orphans', ['a\u0000', 'b', randomUUID()]],
    ['/api/companies', ['acme', 'x']],
    ['/api/companies', ['ac\u0000me', randomUUID()]],
    ['/api/contacts', ['a', 'b', 'x']],
    ['/api/contacts', ['a', 'b\u0000', randomUUID()]],
    ['/api/contacts?q=acme', [-5]],
    ['/api/next-steps', ['2026-01-01', 'x']],
  ])('%s refuses the cursor %j with a 400 naming query.cursor', async (path, parts) => {
    const sep = path.includes('?') ? '&' : '?';
    const res = await api.get(`${path}${sep}cursor=${encodeCursor(parts)}`);
    expectRefused(res, 'query.cursor');
  });
});

describe('malformed cursors, paths and bodies', () => {
  it.each([
    ['2026-13-45 99:99:99', 'a time that is no time'],
    ['2026-02-30 10:00:00+00', 'a day that is not in the calendar'],
    ['2026-01-01 10:00:00+99', 'an offset PostgreSQL refuses'],
    ['0000-01-01 00:00:00+00', 'year 0'],
  ])('a timeline cursor at %s (%s) is a 400 naming query.cursor', async (at) => {
    const cursor = encodeCursor([at, contactId]);
    const res = await api.get(`/api/contacts/${contactId}/timeline?cursor=${cursor}`);
    expectRefused(res, 'query.cursor');
  });

  it('answers a path parameter longer than the router allows in the app shape, without echoing it', async () => {
    const res = await api.get(`/api/contacts/${'x'.repeat(5000)}`);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'validation_failed', fields: [{ field: 'params' }] });
    expect(JSON.stringify(res.body)).not.toContain('xxxx');
  });

  it('names params.id when the path names something that is not there', async () => {
    const res = await api.get('/api/tiers/00000000-0000-4000-8000-000000000000');
    expect(res.status).toBe(404);
    expect(res.body.error.fields).toEqual([{ field: 'params.id', message: 'not found' }]);
  });

  it('refuses a text/plain body with 415, as any body that is not JSON', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/contacts',
      payload: '{"firstName":"Ada"}',
      headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'text/plain' },
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('validation_failed');
  });
});

describe('dates out of their sane bounds (shared/date-bounds.ts)', () => {
  it('refuses a snooze over 2 years, a step over a year ago, a future birthday and a far reminder', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const shift = (days: number) =>
      new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    const before = await contactCount();
    expectRefused(
      await api.patch(`/api/contacts/${contactId}`, { snoozedUntil: shift(731) }),
      'body.snoozedUntil',
    );
    expectRefused(
      await api.post('/api/contacts', { firstName: 'Future', birthday: shift(1) }),
      'body.birthday',
    );
    expectRefused(
      await api.post('/api/next-steps', { contactId, action: 'Call', dueAt: shift(-366) }),
      'body.dueAt',
    );
    expectRefused(
      await api.post(`/api/contacts/${contactId}/facts`, { text: 'Moving abroad', remindOn: shift(6 * 365) }),
      'body.remindOn',
    );
    const refused = await api.patch(`/api/contacts/${contactId}`, { snoozedUntil: shift(731) });
    expect(refused.body.error.fields[0].message).toBe('must be at most 2 years from today');
    expect(await contactCount()).toBe(before);
    // The bounds themselves pass.
    expect((await api.patch(`/api/contacts/${contactId}`, { snoozedUntil: shift(730) })).status).toBe(200);
    expect(
      (await api.post('/api/next-steps', { contactId, action: 'Call', dueAt: shift(-365) })).status,
    ).toBe(201);
  });
});
