import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, apiAsSession, openTestApp, sessionCookieOf, signIn, type TestApp } from '../../test/http.ts';
import { auditLog } from '../audit/schema.ts';
import { buildUser, type TestUser } from '../workspaces/factories.ts';
import { passwordResets } from './schema.ts';

let t: TestApp;
let owner: TestUser;
let admin: TestUser;

beforeAll(async () => {
  t = await openTestApp();
  owner = await buildUser(t.store.db, { workspace: 'Selfie' });
  admin = await buildUser(t.store.db, { workspace: 'Selfie', role: 'admin' });
});
afterAll(() => t.close());

const viewer = () => buildUser(t.store.db, { workspace: 'Selfie', role: 'viewer' });
const tokenOf = (url: string) => new URL(url).hash.replace(/^#token=/, '');

describe('profile', () => {
  it('lets anyone, a viewer too, change their own name (400 naming body.name when empty)', async () => {
    const v = await viewer();
    const res = await apiAs(t.app, v.token).patch('/api/auth/me', { name: '  Vera Viewer ' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: v.userId, name: 'Vera Viewer' });
    const empty = await apiAs(t.app, v.token).patch('/api/auth/me', { name: ' ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields[0].field).toBe('body.name');
  });
});

describe('password change', () => {
  it('checks the current password (400 naming body.current) and signs out the other sessions only', async () => {
    const v = await viewer();
    const here = apiAsSession(t.app, await signIn(t.app, v.email, v.password));
    const elsewhere = apiAsSession(t.app, await signIn(t.app, v.email, v.password));
    const wrong = await here.post('/api/auth/password', { current: 'not-it', next: 'a-new-password' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields).toEqual([
      { field: 'body.current', message: 'is not your current password' },
    ]);
    const same = await here.post('/api/auth/password', { current: v.password, next: v.password });
    expect(same.body.error.fields[0].field).toBe('body.next');
    const short = await here.post('/api/auth/password', { current: v.password, next: 'short' });
    expect(short.body.error.fields[0]).toEqual({
      field: 'body.next',
      message: 'must be at least 8 characters',
    });

    const res = await here.post('/api/auth/password', { current: v.password, next: 'a-new-password' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ended: 1 });
    expect((await here.get('/api/auth/me')).status).toBe(200);
    expect((await elsewhere.get('/api/auth/me')).status).toBe(401);
    expect((await apiAs(t.app, v.token).get('/api/auth/me')).status).toBe(200);
    const old = await apiAs(t.app).post('/api/auth/login', { email: v.email, password: v.password });
    expect(old.status).toBe(401);
    expect(
      (await apiAs(t.app).post('/api/auth/login', { email: v.email, password: 'a-new-password' })).status,
    ).toBe(200);
    const entries = await t.store.db.select().from(auditLog).where(eq(auditLog.entityId, v.userId));
    expect(entries.map((e) => e.action)).toContain('password_change');
    expect(JSON.stringify(entries)).not.toMatch(/a-new-password|pw-/);
  });
});

describe('password reset', () => {
  it('gives an admin a one-time link that sets the password once, ends every session and signs in', async () => {
    const v = await viewer();
    const before = apiAsSession(t.app, await signIn(t.app, v.email, v.password));
    const link = await apiAs(t.app, admin.token).post(`/api/users/${v.userId}/password-reset`);
    expect(link.status).toBe(201);
    expect(link.body.url).toMatch(/^http:\/\/localhost(:\d+)?\/reset-password#token=/);
    const hours = (Date.parse(link.body.expiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(23.9);
    const token = tokenOf(link.body.url);
    const [row] = await t.store.db.select().from(passwordResets).where(eq(passwordResets.userId, v.userId));
    expect(JSON.stringify(row)).not.toContain(token.split('.')[1]);

    const res = await apiAs(t.app).post('/api/auth/reset', { token, password: 'chosen-again' });
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(v.userId);
    expect((await apiAsSession(t.app, sessionCookieOf(res)!).get('/api/auth/me')).status).toBe(200);
    expect((await before.get('/api/auth/me')).status).toBe(401);
    expect(
      (await apiAs(t.app).post('/api/auth/login', { email: v.email, password: 'chosen-again' })).status,
    ).toBe(200);
    const again = await apiAs(t.app).post('/api/auth/reset', { token, password: 'third-time' });
    expect(again.status).toBe(400);
    expect(again.body.error).toMatchObject({
      fields: [{ field: 'body.token', message: expect.stringMatching(/already been used/) }],
    });
  });

  it('makes a new link replace the last, refuses an expired one, and keeps owners to owners', async () => {
    const v = await viewer();
    const first = tokenOf(
      (await apiAs(t.app, admin.token).post(`/api/users/${v.userId}/password-reset`)).body.url,
    );
    const second = tokenOf(
      (await apiAs(t.app, admin.token).post(`/api/users/${v.userId}/password-reset`)).body.url,
    );
    const replaced = await apiAs(t.app).post('/api/auth/reset', { token: first, password: 'whatever-1' });
    expect(replaced.status).toBe(400);
    await t.store.db
      .update(passwordResets)
      .set({ expiresAt: new Date(Date.now() - 1) })
      .where(eq(passwordResets.userId, v.userId));
    const expired = await apiAs(t.app).post('/api/auth/reset', { token: second, password: 'whatever-1' });
    expect(expired.body.error.fields[0].message).toMatch(/expired/);

    const forOwner = await apiAs(t.app, admin.token).post(`/api/users/${owner.userId}/password-reset`);
    expect(forOwner.status).toBe(403);
    expect((await apiAs(t.app, owner.token).post(`/api/users/${admin.userId}/password-reset`)).status).toBe(
      201,
    );
    const member = await buildUser(t.store.db, { workspace: 'Selfie', role: 'member' });
    expect((await apiAs(t.app, member.token).post(`/api/users/${v.userId}/password-reset`)).status).toBe(403);
  });
});

describe('sessions', () => {
  it('lists the caller’s sessions with the current one marked, and signs out everywhere else', async () => {
    const v = await viewer();
    const first = await signIn(t.app, v.email, v.password);
    const second = await signIn(t.app, v.email, v.password);
    const here = apiAsSession(t.app, second);
    const listed = await here.get('/api/auth/sessions');
    expect(listed.status).toBe(200);
    expect(listed.body.items).toHaveLength(2);
    expect(listed.body.items.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    expect(listed.body.items[0]).toEqual({
      id: expect.any(String),
      createdAt: expect.any(String),
      lastSeenAt: expect.any(String),
      expiresAt: expect.any(String),
      current: true,
    });
    expect(JSON.stringify(listed.body)).not.toContain(second.split('.')[1]);
    const others = await apiAs(t.app, owner.token).get('/api/auth/sessions');
    expect(others.body.items.every((s: { current: boolean }) => !s.current)).toBe(true);

    const revoked = await here.post('/api/auth/sessions/revoke-all');
    expect(revoked.body).toEqual({ ended: 1 });
    expect((await here.get('/api/auth/me')).status).toBe(200);
    expect((await apiAsSession(t.app, first).get('/api/auth/me')).status).toBe(401);
    expect((await apiAs(t.app, v.token).get('/api/auth/me')).status).toBe(200);
    expect((await apiAs(t.app, v.token).post('/api/auth/sessions/revoke-all')).body).toEqual({ ended: 1 });
    expect((await here.get('/api/auth/me')).status).toBe(401);
  });
});
