import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, apiAsSession, openTestApp, signIn, type TestApp } from '../../test/http.ts';
import { auditLog } from '../audit/schema.ts';
import { buildContact } from '../contacts/factories.ts';
import { buildUser, type TestUser } from '../workspaces/factories.ts';

let t: TestApp;
let owner: TestUser;
let admin: TestUser;

beforeAll(async () => {
  t = await openTestApp();
  owner = await buildUser(t.store.db, { workspace: 'Teamly' });
  admin = await buildUser(t.store.db, { workspace: 'Teamly', role: 'admin' });
});
afterAll(() => t.close());

const asOwner = () => apiAs(t.app, owner.token);
const asAdmin = () => apiAs(t.app, admin.token);
const member = () => buildUser(t.store.db, { workspace: 'Teamly', role: 'member' });
const TODAY = '/api/today?asOf=2030-01-01&limit=200';

describe('roles', () => {
  it('lets an admin change a role, audited with from and to, applied on the next request', async () => {
    const m = await member();
    expect((await apiAs(t.app, m.token).post('/api/companies', { name: 'Before' })).status).toBe(201);
    const res = await asAdmin().patch(`/api/users/${m.userId}`, { role: 'viewer' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: m.userId, role: 'viewer', active: true });
    expect((await apiAs(t.app, m.token).post('/api/companies', { name: 'After' })).status).toBe(403);
    const [entry] = await t.store.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, m.userId), eq(auditLog.action, 'role_change')));
    expect(entry).toMatchObject({ actorId: admin.userId, changes: { from: 'member', to: 'viewer' } });
  });

  it('keeps owners to owners: an admin cannot make an owner, nor change or deactivate one (403)', async () => {
    const m = await member();
    const promote = await asAdmin().patch(`/api/users/${m.userId}`, { role: 'owner' });
    expect(promote.status).toBe(403);
    expect(promote.body.error.fields[0].field).toBe('body.role');
    expect((await asAdmin().patch(`/api/users/${owner.userId}`, { role: 'member' })).status).toBe(403);
    expect((await asAdmin().patch(`/api/users/${owner.userId}`, { active: false })).status).toBe(403);
    expect((await asAdmin().patch(`/api/users/${admin.userId}`, { role: 'owner' })).status).toBe(403);
    expect((await asOwner().patch(`/api/users/${m.userId}`, { role: 'owner' })).status).toBe(200);
    expect((await asOwner().patch(`/api/users/${m.userId}`, { role: 'admin' })).status).toBe(200);
    const memberApi = apiAs(t.app, (await member()).token);
    expect((await memberApi.patch(`/api/users/${m.userId}`, { role: 'viewer' })).status).toBe(403);
  });

  it('never leaves a workspace without an owner (409 in words), and lets an owner go when another remains', async () => {
    const solo = await buildUser(t.store.db, { workspace: 'Solo owner' });
    const soloApi = apiAs(t.app, solo.token);
    for (const body of [{ role: 'admin' }, { active: false }]) {
      const res = await soloApi.patch(`/api/users/${solo.userId}`, body);
      expect(res.status).toBe(409);
      expect(res.body.error.message).toBe(
        'You are the only owner of this workspace. Make someone else an owner first, then try again.',
      );
    }
    const second = await buildUser(t.store.db, { workspace: 'Solo owner', role: 'owner' });
    expect((await soloApi.patch(`/api/users/${second.userId}`, { role: 'admin' })).status).toBe(200);
    const last = await apiAs(t.app, second.token).patch(`/api/users/${solo.userId}`, { role: 'admin' });
    expect(last.status).toBe(403);
    await soloApi.patch(`/api/users/${second.userId}`, { role: 'owner' });
    const leave = await apiAs(t.app, second.token).patch(`/api/users/${solo.userId}`, { active: false });
    expect(leave.status).toBe(200);
    const lastOne = await apiAs(t.app, second.token).patch(`/api/users/${second.userId}`, { role: 'member' });
    expect(lastOne.status).toBe(409);
    expect(lastOne.body.error.message).toMatch(/^You are the only owner/);
  });
});

describe('deactivation', () => {
  it('ends their sessions and tokens at once, refuses their sign-in, and moves their contacts', async () => {
    const m = await member();
    const heir = await member();
    const cookie = await signIn(t.app, m.email, m.password);
    const session = apiAsSession(t.app, cookie);
    expect((await session.get('/api/auth/me')).status).toBe(200);
    const theirs = [
      await buildContact(t.store.db, m.workspaceId, { ownerId: m.userId, intervalDays: 30 }),
      await buildContact(t.store.db, m.workspaceId, { ownerId: m.userId, intervalDays: 30 }),
    ];
    const dueBefore = (await asOwner().get(`${TODAY}&owner=${heir.userId}`)).body.counts;

    const refused = await asAdmin().patch(`/api/users/${m.userId}`, { active: false });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields[0]).toEqual({
      field: 'body.reassignTo',
      message: expect.stringMatching(/owns 2 contacts: choose who takes them over$/),
    });
    expect((await session.get('/api/auth/me')).status).toBe(200);

    const res = await asAdmin().patch(`/api/users/${m.userId}`, { active: false, reassignTo: heir.userId });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: m.userId, active: false });
    expect((await session.get('/api/auth/me')).status).toBe(401);
    expect((await apiAs(t.app, m.token).get('/api/auth/me')).status).toBe(401);
    const login = await apiAs(t.app).post('/api/auth/login', { email: m.email, password: m.password });
    expect(login.status).toBe(403);
    expect(login.body.error.message).toMatch(/deactivated/);

    for (const c of theirs) {
      expect((await asOwner().get(`/api/contacts/${c.id}`)).body.ownerId).toBe(heir.userId);
    }
    const dueAfter = (await asOwner().get(`${TODAY}&owner=${heir.userId}`)).body.counts;
    expect(dueAfter.due).toBe(dueBefore.due + 2);
    expect((await asOwner().get(`${TODAY}&owner=${m.userId}`)).body.items).toEqual([]);
    const users = (await asAdmin().get('/api/users')).body.items;
    expect(users.find((u: { id: string }) => u.id === m.userId)).toMatchObject({ active: false });
    const [entry] = await t.store.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, m.userId), eq(auditLog.action, 'deactivate')));
    expect(entry?.changes).toEqual({
      contactsReassigned: 2,
      reassignTo: { id: heir.userId, name: expect.any(String) },
      sessionsEnded: 1,
      tokensRevoked: 1,
    });
  });

  it('checks reassignTo: another active user of the workspace who is not a viewer', async () => {
    const m = await member();
    await buildContact(t.store.db, m.workspaceId, { ownerId: m.userId });
    const viewer = await buildUser(t.store.db, { workspace: 'Teamly', role: 'viewer' });
    const away = await member();
    await asAdmin().patch(`/api/users/${away.userId}`, { active: false });
    const stranger = await buildUser(t.store.db, { workspace: 'Elsewhere' });
    const cases: [string, number, RegExp][] = [
      [m.userId, 400, /someone other/],
      [viewer.userId, 400, /is a viewer/],
      [away.userId, 400, /deactivated too/],
      [stranger.userId, 404, /not found/],
    ];
    for (const [reassignTo, status, message] of cases) {
      const res = await asAdmin().patch(`/api/users/${m.userId}`, { active: false, reassignTo });
      expect(res.status, reassignTo).toBe(status);
      expect(res.body.error.fields[0].field).toBe('body.reassignTo');
      expect(res.body.error.fields[0].message).toMatch(message);
    }
    const stray = await asAdmin().patch(`/api/users/${m.userId}`, { reassignTo: owner.userId });
    expect(stray.status).toBe(400);
    expect(stray.body.error.fields[0].field).toBe('body.reassignTo');
    expect((await apiAs(t.app, m.token).get('/api/auth/me')).status).toBe(200);
  });

  it('refuses a deactivated user as a contact owner, and reactivates without bringing old credentials back', async () => {
    const m = await member();
    const cookie = await signIn(t.app, m.email, m.password);
    await asAdmin().patch(`/api/users/${m.userId}`, { active: false });
    const create = await asOwner().post('/api/contacts', { firstName: 'Orphan', ownerId: m.userId });
    expect(create.status).toBe(400);
    expect(create.body.error.fields[0]).toEqual({
      field: 'body.ownerId',
      message: expect.stringMatching(/deactivated/),
    });

    const back = await asAdmin().patch(`/api/users/${m.userId}`, { active: true });
    expect(back.status).toBe(200);
    expect(back.body.active).toBe(true);
    expect((await apiAsSession(t.app, cookie).get('/api/auth/me')).status).toBe(401);
    expect((await apiAs(t.app, m.token).get('/api/auth/me')).status).toBe(401);
    expect(
      (await apiAs(t.app).post('/api/auth/login', { email: m.email, password: m.password })).status,
    ).toBe(200);
    const actions = await t.store.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.entityId, m.userId));
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['deactivate', 'reactivate']));
  });

  it('lists users with role, status and, to admins only, last activity', async () => {
    const m = await member();
    await apiAs(t.app, m.token).get('/api/auth/me');
    const seen = (await asAdmin().get('/api/users')).body.items.find(
      (u: { id: string }) => u.id === m.userId,
    );
    expect(seen).toMatchObject({ role: 'member', active: true, lastActiveAt: expect.any(String) });
    expect(Date.now() - Date.parse(seen.lastActiveAt)).toBeLessThan(60_000);
    const byMember = (await apiAs(t.app, m.token).get('/api/users')).body.items;
    expect(byMember.every((u: { lastActiveAt: unknown }) => u.lastActiveAt === null)).toBe(true);
    const missing = await asAdmin().patch('/api/users/00000000-0000-4000-8000-000000000000', {
      role: 'viewer',
    });
    expect(missing.status).toBe(404);
    expect(missing.body.error.fields[0].field).toBe('params.id');
  });
});
