import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, openTestApp, type TestApp } from '../../test/http.ts';
import { buildUser, type TestUser } from './factories.ts';

let t: TestApp;
let owner: TestUser;
let viewer: TestUser;

beforeAll(async () => {
  t = await openTestApp();
  owner = await buildUser(t.store.db, { workspace: 'Acme' });
  viewer = await buildUser(t.store.db, { workspace: 'Acme', role: 'viewer' });
});
afterAll(() => t.close());

describe('auth', () => {
  it('signs in with email and password, sets a session cookie and returns the user', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: owner.email.toUpperCase(), password: owner.password },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: owner.userId,
      email: owner.email,
      role: 'owner',
      workspaceName: 'Acme',
    });
    const cookie = res.cookies.find((c) => c.name === 'kith_session');
    expect(cookie?.httpOnly).toBe(true);

    const me = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      cookies: { kith_session: cookie!.value },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json().id).toBe(owner.userId);

    const out = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      cookies: { kith_session: cookie!.value },
    });
    expect(out.statusCode).toBe(204);
    const after = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      cookies: { kith_session: cookie!.value },
    });
    expect(after.statusCode).toBe(401);
  });

  it('refuses a wrong password with 401 and a bad email with 400 naming the field', async () => {
    const wrong = await apiAs(t.app).post('/api/auth/login', { email: owner.email, password: 'nope' });
    expect(wrong.status).toBe(401);
    const bad = await apiAs(t.app).post('/api/auth/login', { email: 'not-an-email', password: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('body.email');
  });

  it('refuses an expired session, and a session cookie naming another workspace', async () => {
    const login = await apiAs(t.app).post('/api/auth/login', {
      email: owner.email,
      password: owner.password,
    });
    const cookie = login.headers['set-cookie'];
    const value = String(Array.isArray(cookie) ? cookie[0] : cookie).match(/kith_session=([^;]+)/)![1]!;
    const me = (session: string) =>
      t.app.inject({ method: 'GET', url: '/api/auth/me', cookies: { kith_session: session } });
    expect((await me(value)).statusCode).toBe(200);
    const other = await buildUser(t.store.db, { workspace: 'Other place' });
    const secret = value.slice(value.indexOf('.') + 1);
    expect((await me(`${other.workspaceId}.${secret}`)).statusCode).toBe(401);
    await t.store.db.execute(
      sql`update sessions set expires_at = now() - interval '1 second' where user_id = ${owner.userId}::uuid`,
    );
    expect((await me(value)).statusCode).toBe(401);
  });

  it("applies a change of the user's role on the very next request", async () => {
    const member = await buildUser(t.store.db, { workspace: 'Acme', role: 'member' });
    expect((await apiAs(t.app, member.token).post('/api/tokens', { name: 'mine' })).status).toBe(201);
    await t.store.db.execute(sql`update users set role = 'viewer' where id = ${member.userId}::uuid`);
    expect((await apiAs(t.app, member.token).post('/api/tokens', { name: 'again' })).status).toBe(403);
  });

  it('answers 401 without a credential and with an invalid token', async () => {
    expect((await apiAs(t.app).get('/api/auth/me')).status).toBe(401);
    expect((await apiAs(t.app, 'kith_garbage').get('/api/auth/me')).status).toBe(401);
    const forged = `kith_${owner.workspaceId}_${'x'.repeat(43)}`;
    expect((await apiAs(t.app, forged).get('/api/auth/me')).status).toBe(401);
  });
});

describe('api tokens', () => {
  it('returns a token once, which then authenticates, and stops working when revoked', async () => {
    const created = await apiAs(t.app, owner.token).post('/api/tokens', { name: 'zapier' });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^kith_/);
    const listed = await apiAs(t.app, created.body.token).get('/api/tokens');
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((i: { name: string }) => i.name)).toContain('zapier');
    expect(JSON.stringify(listed.body)).not.toContain(created.body.token);
    expect((await apiAs(t.app, owner.token).delete(`/api/tokens/${created.body.id}`)).status).toBe(204);
    expect((await apiAs(t.app, created.body.token).get('/api/tokens')).status).toBe(401);
  });

  it('forbids a viewer to write (403) and rejects an empty name (400)', async () => {
    const res = await apiAs(t.app, viewer.token).post('/api/tokens', { name: 'x' });
    expect(res.status).toBe(403);
    const empty = await apiAs(t.app, owner.token).post('/api/tokens', { name: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields[0].field).toBe('body.name');
  });
});

describe('users', () => {
  it("lists the caller's workspace's users by name, to a viewer too, and no one from another workspace", async () => {
    const other = await buildUser(t.store.db, { workspace: 'Elsewhere' });
    const res = await apiAs(t.app, viewer.token).get('/api/users');
    expect(res.status).toBe(200);
    const ids = res.body.items.map((u: { id: string }) => u.id);
    expect(ids).toContain(owner.userId);
    expect(ids).toContain(viewer.userId);
    expect(ids).not.toContain(other.userId);
    expect(res.body.items.find((u: { id: string }) => u.id === viewer.userId)).toEqual({
      id: viewer.userId,
      name: expect.any(String),
      email: viewer.email,
      role: 'viewer',
      active: true,
      lastActiveAt: null,
    });
    expect(JSON.stringify(res.body)).not.toMatch(/password|hash/i);
  });

  it('answers 401 without a credential', async () => {
    expect((await apiAs(t.app).get('/api/users')).status).toBe(401);
  });
});

describe('openapi', () => {
  it('serves an OpenAPI 3.1 document that lists the routes', async () => {
    const res = await apiAs(t.app).get('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toContain('/api/auth/login');
  });
});
