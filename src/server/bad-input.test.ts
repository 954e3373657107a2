import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildContact } from '../domains/contacts/factories.ts';
import { contacts } from '../domains/contacts/schema.ts';
import { buildUser, type TestUser } from '../domains/workspaces/factories.ts';
import { encodeCursor } from '../shared/pagination.ts';
import { type Api, apiAs, openTestApp, type TestApp } from '../test/http.ts';
import { findUnstorableText } from './validation.ts';

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
    expect(findUnstorableText({ 'key\u0000': 'x' })).toEqual([]);
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
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].field).toBe('body.firstName');
    expect(await contactCount()).toBe(before);
  });

  it('refuses it in a nested field of an audited change, leaving the contact as it was', async () => {
    const res = await api.patch(`/api/contacts/${contactId}`, { tags: ['ok', 'bad\ud800'] });
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].field).toBe('body.tags.1');
    expect((await api.get(`/api/contacts/${contactId}`)).body.tags).toEqual([]);
  });

  it('refuses it in a query parameter', async () => {
    const res = await api.get('/api/contacts?q=a%00b');
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].field).toBe('query.q');
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
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].field).toBe(field);
    expect((await api.get(`/api/contacts/${contactId}`)).body.birthday).toBeNull();
    expect((await api.get(`/api/contacts/${contactId}/timeline`)).body.items).toEqual(before.body.items);
  });

  it('still takes a historical birthday', async () => {
    const res = await api.patch(`/api/contacts/${contactId}`, { birthday: '1815-12-10' });
    expect(res.status).toBe(200);
    expect(res.body.birthday).toBe('1815-12-10');
    await api.patch(`/api/contacts/${contactId}`, { birthday: null });
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
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].field).toBe('query.cursor');
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
