import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, openTestApp, type TestApp } from '../../test/http.ts';
import { buildContact } from '../contacts/factories.ts';
import { buildUser, type TestUser } from '../workspaces/factories.ts';

let t: TestApp;
let owner: TestUser;
let admin: TestUser;
let member: TestUser;

beforeAll(async () => {
  t = await openTestApp();
  owner = await buildUser(t.store.db, { workspace: 'Auditry' });
  admin = await buildUser(t.store.db, { workspace: 'Auditry', role: 'admin' });
  member = await buildUser(t.store.db, { workspace: 'Auditry', role: 'member' });
});
afterAll(() => t.close());

const asAdmin = () => apiAs(t.app, admin.token);
type Entry = { id: string; at: string; actor: { id: string; name: string } | null; action: string };

describe('the audit log', () => {
  it('lists entries newest first with who, what and when, a page at a time', async () => {
    for (const name of ['One', 'Two', 'Three']) {
      await apiAs(t.app, member.token).post('/api/companies', { name: `Audit ${name}` });
    }
    const first = await asAdmin().get(`/api/audit?userId=${member.userId}&entity=company&limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.items[0]).toEqual({
      id: expect.any(String),
      at: expect.any(String),
      actor: { id: member.userId, name: expect.any(String) },
      action: 'create',
      entity: 'company',
      entityId: expect.any(String),
      changes: expect.objectContaining({ name: 'Audit Three' }),
    });
    const rest = await asAdmin().get(
      `/api/audit?userId=${member.userId}&entity=company&limit=2&cursor=${first.body.nextCursor}`,
    );
    const all = [...first.body.items, ...rest.body.items] as Entry[];
    expect(all.map((e) => (e as { changes: { name?: string } } & Entry).changes.name)).toEqual([
      'Audit Three',
      'Audit Two',
      'Audit One',
    ]);
    expect(rest.body.nextCursor).toBeNull();
    const ats = all.map((e) => e.at);
    expect([...ats].sort().reverse()).toEqual(ats);
  });

  it('filters by entity and since, and names a bad filter', async () => {
    await apiAs(t.app, owner.token).post('/api/tokens', { name: 'for the log' });
    const tokens = await asAdmin().get('/api/audit?entity=api_token');
    expect(tokens.body.items.length).toBeGreaterThan(0);
    expect(tokens.body.items.every((e: { entity: string }) => e.entity === 'api_token')).toBe(true);
    const future = await asAdmin().get('/api/audit?since=2999-01-01T00:00:00Z');
    expect(future.body.items).toEqual([]);
    const cases: [string, string][] = [
      ['/api/audit?entity=spaceship', 'query.entity'],
      ['/api/audit?since=yesterday', 'query.since'],
      ['/api/audit?userId=me', 'query.userId'],
      ['/api/audit?cursor=zzz', 'query.cursor'],
    ];
    for (const [url, field] of cases) {
      const res = await asAdmin().get(url);
      expect(res.status, url).toBe(400);
      expect(res.body.error.fields[0].field).toBe(field);
    }
  });

  it('is for admins and owners only', async () => {
    expect((await apiAs(t.app, owner.token).get('/api/audit')).status).toBe(200);
    expect((await apiAs(t.app, member.token).get('/api/audit')).status).toBe(403);
    expect((await apiAs(t.app).get('/api/audit')).status).toBe(401);
  });

  it('never holds a password, a token, a link secret or a private note’s text', async () => {
    const contact = await buildContact(t.store.db, owner.workspaceId, { ownerId: member.userId });
    const asMember = apiAs(t.app, member.token);
    const secretNote = 'Private: going through a divorce';
    await asMember.post('/api/interactions', {
      contactIds: [contact.id],
      kind: 'note',
      summary: secretNote,
      private: true,
    });
    await asMember.post(`/api/contacts/${contact.id}/facts`, { text: secretNote, private: true });
    const token = (await asMember.post('/api/tokens', { name: 'leaky?' })).body.token as string;
    await asMember.post('/api/auth/password', { current: member.password, next: 'brand-new-password' });
    const invite = (await asAdmin().post('/api/invites', { email: 'audit@example.test', role: 'member' }))
      .body;
    const inviteToken = new URL(invite.url).hash.replace('#token=', '');
    await apiAs(t.app).post('/api/invites/accept', {
      token: inviteToken,
      name: 'Audrey',
      password: 'joining-password',
    });
    const reset = (await asAdmin().post(`/api/users/${member.userId}/password-reset`)).body;
    const resetToken = new URL(reset.url).hash.replace('#token=', '');
    await apiAs(t.app).post('/api/auth/reset', { token: resetToken, password: 'reset-password' });

    const log = JSON.stringify((await asAdmin().get('/api/audit?limit=200')).body);
    const secrets = [
      secretNote,
      token,
      // The secret after `kith_<workspace>_`: base64url, so it may hold underscores itself.
      token.split('_').slice(2).join('_'),
      member.password,
      'brand-new-password',
      'joining-password',
      'reset-password',
      inviteToken.split('.')[1]!,
      resetToken.split('.')[1]!,
    ];
    for (const secret of secrets) expect(log, secret).not.toContain(secret);
    for (const action of ['password_change', 'accept', 'password_reset_link', 'password_reset']) {
      expect(log).toContain(`"action":"${action}"`);
    }
  });
});
