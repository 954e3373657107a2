import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, openTestApp, type TestApp } from '../../test/http.ts';
import { buildContact } from '../contacts/factories.ts';
import { buildUser, type TestUser } from './factories.ts';

let t: TestApp;
let owner: TestUser;
let admin: TestUser;
let member: TestUser;
let viewer: TestUser;

beforeAll(async () => {
  t = await openTestApp();
  owner = await buildUser(t.store.db, { workspace: 'Tokenly' });
  admin = await buildUser(t.store.db, { workspace: 'Tokenly', role: 'admin' });
  member = await buildUser(t.store.db, { workspace: 'Tokenly', role: 'member' });
  viewer = await buildUser(t.store.db, { workspace: 'Tokenly', role: 'viewer' });
});
afterAll(() => t.close());

describe('token scopes', () => {
  it('refuses every write made with a read token (403) whatever the role, and serves its reads', async () => {
    const contact = await buildContact(t.store.db, owner.workspaceId, { ownerId: owner.userId });
    const created = await apiAs(t.app, owner.token).post('/api/tokens', { name: 'dashboard', scope: 'read' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'dashboard', scope: 'read', user: { id: owner.userId } });
    const reader = apiAs(t.app, created.body.token);
    expect((await reader.get(`/api/contacts/${contact.id}`)).status).toBe(200);
    expect((await reader.get('/api/audit')).status).toBe(200);
    for (const res of [
      await reader.patch(`/api/contacts/${contact.id}`, { firstName: 'Changed' }),
      await reader.delete(`/api/contacts/${contact.id}`),
      await reader.post('/api/tokens', { name: 'escalate', scope: 'write' }),
      await reader.post('/api/tokens', { name: 'another', scope: 'read' }),
      await reader.patch('/api/auth/me', { name: 'Changed' }),
      await reader.delete(`/api/tokens/${created.body.id}`),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/read-only/);
    }
    expect((await apiAs(t.app, owner.token).get(`/api/contacts/${contact.id}`)).body.firstName).toBe(
      contact.firstName,
    );
  });

  it('lets a viewer create a read token only (403 naming body.scope), and existing tokens write', async () => {
    const asViewer = apiAs(t.app, viewer.token);
    const write = await asViewer.post('/api/tokens', { name: 'mine', scope: 'write' });
    expect(write.status).toBe(403);
    expect(write.body.error.fields[0].field).toBe('body.scope');
    const read = await asViewer.post('/api/tokens', { name: 'mine', scope: 'read' });
    expect(read.status).toBe(201);
    const bad = await asViewer.post('/api/tokens', { name: 'mine', scope: 'admin' });
    expect(bad.body.error.fields[0]).toEqual({ field: 'body.scope', message: 'must be "read" or "write"' });
    const mine = await asViewer.get('/api/tokens');
    expect(mine.body.items.map((i: { scope: string }) => i.scope).sort()).toEqual(['read', 'write']);
  });
});

describe('token lists and revocation', () => {
  it("lists the caller's tokens with last use; admins list everyone's with whose they are", async () => {
    await apiAs(t.app, member.token).get('/api/auth/me');
    const own = await apiAs(t.app, member.token).get('/api/tokens');
    expect(own.body.items).toEqual([
      {
        id: expect.any(String),
        name: 'test',
        scope: 'write',
        user: { id: member.userId, name: expect.any(String) },
        createdAt: expect.any(String),
        lastUsedAt: expect.any(String),
      },
    ]);
    const everyone = await apiAs(t.app, admin.token).get('/api/tokens?all=true');
    const whose = new Set(everyone.body.items.map((i: { user: { id: string } }) => i.user.id));
    for (const u of [owner, admin, member, viewer]) expect(whose.has(u.userId)).toBe(true);
    const refused = await apiAs(t.app, member.token).get('/api/tokens?all=true');
    expect(refused.status).toBe(403);
    expect(refused.body.error.fields[0].field).toBe('query.all');
    expect((await apiAs(t.app, member.token).get('/api/tokens?all=maybe')).status).toBe(400);
  });

  it("lets a member revoke only their own token (403 otherwise) and an admin anyone's", async () => {
    const other = await buildUser(t.store.db, { workspace: 'Tokenly', role: 'member' });
    const theirs = (await apiAs(t.app, other.token).post('/api/tokens', { name: 'theirs' })).body;
    const mine = (await apiAs(t.app, member.token).post('/api/tokens', { name: 'mine' })).body;
    const refused = await apiAs(t.app, member.token).delete(`/api/tokens/${theirs.id}`);
    expect(refused.status).toBe(403);
    expect((await apiAs(t.app, theirs.token).get('/api/auth/me')).status).toBe(200);
    expect((await apiAs(t.app, member.token).delete(`/api/tokens/${mine.id}`)).status).toBe(204);
    expect((await apiAs(t.app, admin.token).delete(`/api/tokens/${theirs.id}`)).status).toBe(204);
    expect((await apiAs(t.app, theirs.token).get('/api/auth/me')).status).toBe(401);
    const ownersToken = (await apiAs(t.app, owner.token).post('/api/tokens', { name: 'owner' })).body;
    expect((await apiAs(t.app, admin.token).delete(`/api/tokens/${ownersToken.id}`)).status).toBe(204);
    const viewerToken = (await apiAs(t.app, viewer.token).post('/api/tokens', { name: 'v', scope: 'read' }))
      .body;
    expect((await apiAs(t.app, viewer.token).delete(`/api/tokens/${viewerToken.id}`)).status).toBe(204);
  });
});
