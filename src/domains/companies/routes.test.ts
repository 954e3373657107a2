import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, openTestApp, type TestApp } from '../../test/http.ts';
import { buildContact } from '../contacts/factories.ts';
import { buildUser, type TestUser } from '../workspaces/factories.ts';
import { buildCompany } from './factories.ts';
import { companies } from './schema.ts';

let t: TestApp;
let owner: TestUser;
let viewer: TestUser;
let stranger: TestUser;

async function companyCount(workspaceId: string) {
  const [row] = await t.store.db
    .select({ n: count() })
    .from(companies)
    .where(eq(companies.workspaceId, workspaceId));
  return row!.n;
}

beforeAll(async () => {
  t = await openTestApp();
  owner = await buildUser(t.store.db, { workspace: 'Firms' });
  viewer = await buildUser(t.store.db, { workspace: 'Firms', role: 'viewer' });
  stranger = await buildUser(t.store.db, { workspace: 'Rivals' });
});
afterAll(() => t.close());

describe('POST /api/companies', () => {
  it('creates a company with its domain normalised', async () => {
    const res = await apiAs(t.app, owner.token).post('/api/companies', {
      name: ' Acme Corp ',
      domain: 'HTTPS://Acme.COM:443/about?x=1',
      industry: 'Anvils',
      fitRating: 4,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'Acme Corp',
      domain: 'acme.com',
      industry: 'Anvils',
      fitRating: 4,
      contactCount: 0,
    });
  });

  it('rejects bad fields naming them, and refuses viewers and anonymous callers, writing nothing', async () => {
    const before = await companyCount(owner.workspaceId);
    const api = apiAs(t.app, owner.token);
    for (const [body, field] of [
      [{}, 'body.name'],
      [{ name: '' }, 'body.name'],
      [{ name: 'X', fitRating: 6 }, 'body.fitRating'],
      [{ name: 'X', domain: 'not a domain' }, 'body.domain'],
    ] as const) {
      const res = await api.post('/api/companies', body);
      expect(res.status, field).toBe(400);
      expect(res.body.error.fields[0].field).toBe(field);
    }
    expect((await apiAs(t.app, viewer.token).post('/api/companies', { name: 'V' })).status).toBe(403);
    expect((await apiAs(t.app).post('/api/companies', { name: 'V' })).status).toBe(401);
    expect(await companyCount(owner.workspaceId)).toBe(before);
  });
});

describe('GET /api/companies', () => {
  it('lists by name with contact counts, searches names and pages without gaps', async () => {
    const ws = owner.workspaceId;
    const zeta = await buildCompany(t.store.db, ws, { name: 'Zeta Widgets' });
    await buildCompany(t.store.db, ws, { name: 'beta Widgets' });
    await buildCompany(t.store.db, ws, { name: 'Gamma' });
    await buildContact(t.store.db, ws, { companyId: zeta.id });
    await buildContact(t.store.db, ws, { companyId: zeta.id });
    await buildContact(t.store.db, ws, { companyId: zeta.id, archived: true });
    await buildCompany(t.store.db, stranger.workspaceId, { name: 'Alpha Rival' });

    const all = await apiAs(t.app, viewer.token).get('/api/companies');
    expect(all.status).toBe(200);
    const allNames = all.body.items.map((c: { name: string }) => c.name);
    expect(allNames).toEqual(['Acme Corp', 'beta Widgets', 'Gamma', 'Zeta Widgets']);
    expect(all.body.items[3].contactCount).toBe(2);

    const found = await apiAs(t.app, viewer.token).get('/api/companies?q=widg');
    expect(found.body.items.map((c: { name: string }) => c.name)).toEqual(['beta Widgets', 'Zeta Widgets']);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { name: string }[]; nextCursor: string | null } } = await apiAs(
        t.app,
        owner.token,
      ).get(`/api/companies?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.body.items.map((c) => c.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(allNames);

    const bad = await apiAs(t.app, owner.token).get('/api/companies?limit=500');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('query.limit');
    expect((await apiAs(t.app).get('/api/companies')).status).toBe(401);
  });
});

describe('GET, PATCH and DELETE /api/companies/:id', () => {
  it('gets, patches and deletes; another workspace gets 404', async () => {
    const company = await buildCompany(t.store.db, owner.workspaceId, { name: 'Initrode' });
    const api = apiAs(t.app, owner.token);
    expect((await api.get(`/api/companies/${company.id}`)).body.name).toBe('Initrode');
    expect((await apiAs(t.app, stranger.token).get(`/api/companies/${company.id}`)).status).toBe(404);
    expect(
      (await apiAs(t.app, stranger.token).patch(`/api/companies/${company.id}`, { name: 'X' })).status,
    ).toBe(404);
    expect((await apiAs(t.app, stranger.token).delete(`/api/companies/${company.id}`)).status).toBe(404);
    expect(
      (await apiAs(t.app, viewer.token).patch(`/api/companies/${company.id}`, { name: 'X' })).status,
    ).toBe(403);

    const bad = await api.patch(`/api/companies/${company.id}`, { fitRating: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('body.fitRating');
    const patched = await api.patch(`/api/companies/${company.id}`, {
      domain: 'www.Initrode.example',
      fitRating: 2,
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'Initrode', domain: 'www.initrode.example', fitRating: 2 });

    const contact = await buildContact(t.store.db, owner.workspaceId, { companyId: company.id });
    expect((await api.delete(`/api/companies/${company.id}`)).status).toBe(204);
    expect((await api.get(`/api/companies/${company.id}`)).status).toBe(404);
    const unlinked = await api.get(`/api/contacts/${contact.id}`);
    expect(unlinked.body.companyId).toBeNull();
    expect((await api.get('/api/companies/not-a-uuid')).status).toBe(400);
  });
});
