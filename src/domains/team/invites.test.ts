import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, apiAsSession, openTestApp, sessionCookieOf, type TestApp } from '../../test/http.ts';
import { auditLog } from '../audit/schema.ts';
import { buildUser, type TestUser } from '../workspaces/factories.ts';
import { invites } from './schema.ts';

let t: TestApp;
let owner: TestUser;
let admin: TestUser;

beforeAll(async () => {
  t = await openTestApp();
  owner = await buildUser(t.store.db, { workspace: 'Invitica' });
  admin = await buildUser(t.store.db, { workspace: 'Invitica', role: 'admin' });
});
afterAll(() => t.close());

const asAdmin = () => apiAs(t.app, admin.token);
const tokenOf = (url: string) => new URL(url).hash.replace(/^#token=/, '');

describe('invitations', () => {
  it('invites by email with a link valid 7 days, stored only as a hash, and lists it as pending', async () => {
    const res = await asAdmin().post('/api/invites', { email: 'New.Person@Example.test', role: 'member' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      email: 'new.person@example.test',
      role: 'member',
      url: expect.stringMatching(/^http:\/\/localhost(:\d+)?\/accept-invite#token=[0-9a-f-]{36}\.[\w-]{43}$/),
      expiresAt: expect.any(String),
      sent: false,
    });
    const days = (Date.parse(res.body.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);
    const secret = tokenOf(res.body.url).split('.')[1]!;
    const [row] = await t.store.db.select().from(invites).where(eq(invites.id, res.body.id));
    expect(JSON.stringify(row)).not.toContain(secret);

    const listed = await asAdmin().get('/api/invites');
    expect(listed.body.items).toContainEqual({
      id: res.body.id,
      email: 'new.person@example.test',
      role: 'member',
      invitedBy: { id: admin.userId, name: expect.any(String) },
      createdAt: expect.any(String),
      expiresAt: res.body.expiresAt,
    });
    expect(JSON.stringify(listed.body)).not.toContain(secret);
  });

  it('lets the invitee see the offer, accept once and land signed in; the invitation is no longer pending', async () => {
    const invite = (await asAdmin().post('/api/invites', { email: 'ada@example.test', role: 'viewer' })).body;
    const token = tokenOf(invite.url);
    const preview = await apiAs(t.app).post('/api/invites/preview', { token });
    expect(preview.body).toEqual({
      email: 'ada@example.test',
      role: 'viewer',
      workspaceName: 'Invitica',
      expiresAt: invite.expiresAt,
    });
    const accepted = await apiAs(t.app).post('/api/invites/accept', {
      token,
      name: 'Ada Lovelace',
      password: 'analytical-engine',
    });
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({ email: 'ada@example.test', name: 'Ada Lovelace', role: 'viewer' });
    const cookie = sessionCookieOf(accepted)!;
    expect((await apiAsSession(t.app, cookie).get('/api/auth/me')).body.id).toBe(accepted.body.id);
    const login = await apiAs(t.app).post('/api/auth/login', {
      email: 'ada@example.test',
      password: 'analytical-engine',
    });
    expect(login.status).toBe(200);

    const again = await apiAs(t.app).post('/api/invites/accept', {
      token,
      name: 'Eve',
      password: 'password-2',
    });
    expect(again.status).toBe(400);
    expect(again.body.error).toMatchObject({ message: expect.stringMatching(/already been used/) });
    expect(again.body.error.fields[0].field).toBe('body.token');
    const pending = (await asAdmin().get('/api/invites')).body.items.map((i: { id: string }) => i.id);
    expect(pending).not.toContain(invite.id);

    const audits = await t.store.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'invite'), eq(auditLog.entityId, invite.id)));
    expect(audits.map((a) => [a.action, a.actorId])).toEqual(
      expect.arrayContaining([
        ['create', admin.userId],
        ['accept', accepted.body.id],
      ]),
    );
    expect(JSON.stringify(audits)).not.toContain(token.split('.')[1]);
    expect(JSON.stringify(audits)).not.toContain('analytical-engine');
  });

  it('refuses a revoked, expired, replaced or malformed link with 400 naming body.token', async () => {
    const revoked = (await asAdmin().post('/api/invites', { email: 'r@example.test', role: 'member' })).body;
    expect((await asAdmin().delete(`/api/invites/${revoked.id}`)).status).toBe(204);
    expect((await asAdmin().delete(`/api/invites/${revoked.id}`)).status).toBe(404);
    const expired = (await asAdmin().post('/api/invites', { email: 'x@example.test', role: 'member' })).body;
    await t.store.db
      .update(invites)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invites.id, expired.id));
    const first = (await asAdmin().post('/api/invites', { email: 'twice@example.test', role: 'member' }))
      .body;
    const second = (await asAdmin().post('/api/invites', { email: 'twice@example.test', role: 'admin' }))
      .body;
    const pending = (await asAdmin().get('/api/invites')).body.items;
    expect(pending.filter((i: { email: string }) => i.email === 'twice@example.test')).toEqual([
      expect.objectContaining({ id: second.id, role: 'admin' }),
    ]);
    const cases: [string, RegExp][] = [
      [tokenOf(revoked.url), /withdrawn/],
      [tokenOf(expired.url), /expired/],
      [tokenOf(first.url), /withdrawn/],
      ['not-a-token', /not valid/],
      [`${owner.workspaceId}.${'x'.repeat(43)}`, /not valid/],
    ];
    for (const [token, message] of cases) {
      for (const path of ['/api/invites/accept', '/api/invites/preview']) {
        const res = await apiAs(t.app).post(path, { token, name: 'Someone', password: 'long-enough' });
        expect(res.status, `${path} ${token}`).toBe(400);
        expect(res.body.error.message).toMatch(message);
        expect(res.body.error.fields[0].field).toBe('body.token');
      }
    }
    const short = await apiAs(t.app).post('/api/invites/accept', {
      token: tokenOf(second.url),
      name: 'Short',
      password: 'short',
    });
    expect(short.status).toBe(400);
    expect(short.body.error.fields[0]).toEqual({
      field: 'body.password',
      message: 'must be at least 8 characters',
    });
  });

  it('refuses to invite a current or deactivated user (409 naming body.email), and an owner unless by an owner', async () => {
    const taken = await asAdmin().post('/api/invites', { email: owner.email, role: 'member' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.fields[0].field).toBe('body.email');
    const gone = await buildUser(t.store.db, { workspace: 'Invitica', role: 'member' });
    await apiAs(t.app, owner.token).patch(`/api/users/${gone.userId}`, { active: false });
    const deactivated = await asAdmin().post('/api/invites', { email: gone.email, role: 'member' });
    expect(deactivated.status).toBe(409);
    expect(deactivated.body.error.message).toMatch(/reactivate/);

    const byAdmin = await asAdmin().post('/api/invites', { email: 'boss@example.test', role: 'owner' });
    expect(byAdmin.status).toBe(403);
    expect(byAdmin.body.error.fields[0].field).toBe('body.role');
    const byOwner = await apiAs(t.app, owner.token).post('/api/invites', {
      email: 'boss@example.test',
      role: 'owner',
    });
    expect(byOwner.status).toBe(201);
    const bad = await asAdmin().post('/api/invites', { email: 'nope', role: 'chief' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['body.email', 'body.role']);
  });

  it('refuses a link whose email became a user meanwhile (400 naming body.token)', async () => {
    const invite = (await asAdmin().post('/api/invites', { email: 'race@example.test', role: 'member' }))
      .body;
    await buildUser(t.store.db, { workspace: 'Invitica', email: 'race@example.test' });
    const res = await apiAs(t.app).post('/api/invites/accept', {
      token: tokenOf(invite.url),
      name: 'Racer',
      password: 'long-enough',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/already has an account/);
  });
});
