import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayUtc } from '../../shared/dates.ts';
import { apiAs, openTestApp, type TestApp } from '../../test/http.ts';
import { auditLog } from '../audit/schema.ts';
import { buildContact } from '../contacts/factories.ts';
import { contacts } from '../contacts/schema.ts';
import { buildInteraction } from '../interactions/factories.ts';
import { buildUser, type TestUser } from '../workspaces/factories.ts';
import { refreshDueState } from './due-state.ts';
import { buildTier } from './factories.ts';

let t: TestApp;
let owner: TestUser;
let viewer: TestUser;
let stranger: TestUser;

beforeAll(async () => {
  t = await openTestApp();
  owner = await buildUser(t.store.db, { workspace: 'Tiers Inc' });
  viewer = await buildUser(t.store.db, { workspace: 'Tiers Inc', role: 'viewer' });
  stranger = await buildUser(t.store.db, { workspace: 'Elsewhere' });
});
afterAll(() => t.close());

describe('tiers CRUD', () => {
  it('creates, lists by priority, reads, updates and deletes a tier', async () => {
    const api = apiAs(t.app, owner.token);
    const b = await api.post('/api/tiers', {
      name: 'B active',
      priority: 2,
      intervalDays: 42,
      channel: 'email',
    });
    expect(b.status).toBe(201);
    expect(b.body).toMatchObject({
      name: 'B active',
      priority: 2,
      intervalDays: 42,
      channel: 'email',
      requireNextStep: false,
    });
    const a = await api.post('/api/tiers', {
      name: 'A key',
      priority: 1,
      intervalDays: 14,
      channel: 'call',
      requireNextStep: true,
    });
    expect(a.status).toBe(201);

    const list = await api.get('/api/tiers');
    expect(list.body.items.map((i: { name: string }) => i.name)).toEqual(['A key', 'B active']);
    expect((await api.get(`/api/tiers/${a.body.id}`)).body.requireNextStep).toBe(true);

    const patched = await api.patch(`/api/tiers/${b.body.id}`, { intervalDays: 30 });
    expect(patched.status).toBe(200);
    expect(patched.body.intervalDays).toBe(30);

    expect((await api.delete(`/api/tiers/${b.body.id}`)).status).toBe(204);
    expect((await api.get(`/api/tiers/${b.body.id}`)).status).toBe(404);
    const audits = await t.store.db.select().from(auditLog).where(eq(auditLog.entityId, b.body.id));
    expect(audits.map((r) => r.action).sort()).toEqual(['create', 'delete', 'update']);
  });

  it('rejects bad input naming the field and writes nothing', async () => {
    const api = apiAs(t.app, owner.token);
    const before = (await api.get('/api/tiers')).body.items.length;
    const cases: [unknown, string][] = [
      [{ name: 'X', priority: 0, intervalDays: 10 }, 'body.priority'],
      [{ name: 'X', priority: 6, intervalDays: 10 }, 'body.priority'],
      [{ name: 'X', priority: 1, intervalDays: 0 }, 'body.intervalDays'],
      [{ name: 'X', priority: 1, intervalDays: 'often' }, 'body.intervalDays'],
      [{ name: 'X', priority: 1, intervalDays: 10, channel: 'fax' }, 'body.channel'],
      [{ name: 'x'.repeat(61), priority: 1, intervalDays: 10 }, 'body.name'],
      [{ priority: 1, intervalDays: 10 }, 'body.name'],
    ];
    for (const [body, field] of cases) {
      const res = await api.post('/api/tiers', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    expect((await api.get('/api/tiers')).body.items.length).toBe(before);
  });

  it('refuses a duplicate name with 409', async () => {
    const api = apiAs(t.app, owner.token);
    await api.post('/api/tiers', { name: 'Dup', priority: 3, intervalDays: 10 });
    const res = await api.post('/api/tiers', { name: 'dup', priority: 3, intervalDays: 10 });
    expect(res.status).toBe(409);
    expect(res.body.error.fields[0].field).toBe('body.name');
  });

  it('keeps tiers apart between workspaces and refuses viewers and anonymous callers', async () => {
    const tier = await buildTier(t.store.db, owner.workspaceId);
    const other = apiAs(t.app, stranger.token);
    expect((await other.get(`/api/tiers/${tier.id}`)).status).toBe(404);
    expect((await other.patch(`/api/tiers/${tier.id}`, { priority: 1 })).status).toBe(404);
    expect((await other.delete(`/api/tiers/${tier.id}`)).status).toBe(404);
    expect((await other.get(`/api/tiers/${tier.id}/preview?intervalDays=5`)).status).toBe(404);
    expect((await other.get('/api/tiers')).body.items.map((i: { id: string }) => i.id)).not.toContain(
      tier.id,
    );
    expect(
      (await apiAs(t.app, viewer.token).post('/api/tiers', { name: 'V', priority: 1, intervalDays: 1 }))
        .status,
    ).toBe(403);
    expect((await apiAs(t.app, viewer.token).patch(`/api/tiers/${tier.id}`, { priority: 1 })).status).toBe(
      403,
    );
    expect((await apiAs(t.app, viewer.token).get('/api/tiers')).status).toBe(200);
    expect((await apiAs(t.app).get('/api/tiers')).status).toBe(401);
  });

  it('will not delete a tier that holds contacts unless told where they go', async () => {
    const api = apiAs(t.app, owner.token);
    const from = await buildTier(t.store.db, owner.workspaceId, { intervalDays: 10 });
    const to = await buildTier(t.store.db, owner.workspaceId, { intervalDays: 20 });
    const c = await buildContact(t.store.db, owner.workspaceId, { tierId: from.id, ownerId: owner.userId });
    const refused = await api.delete(`/api/tiers/${from.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.fields[0].field).toBe('query.moveTo');
    expect((await api.delete(`/api/tiers/${from.id}?moveTo=${to.id}`)).status).toBe(204);
    const [moved] = await t.store.db.select().from(contacts).where(eq(contacts.id, c.id));
    expect(moved?.tierId).toBe(to.id);
  });
});

describe('interval changes re-time the tier at once', () => {
  it('previews the change without saving it, then updates every contact of the tier', async () => {
    const api = apiAs(t.app, owner.token);
    const tier = await buildTier(t.store.db, owner.workspaceId, { intervalDays: 60 });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const c = await buildContact(t.store.db, owner.workspaceId, { tierId: tier.id, ownerId: owner.userId });
      await insertTouch(owner.workspaceId, c.id, 20);
      ids.push(c.id);
    }
    await refreshDueState({ db: t.store.db, workspaceId: owner.workspaceId, scope: { contactIds: ids } });
    const touchDay = addDays(todayUtc(), -20);
    const dueOns = async () =>
      (await t.store.db.select().from(contacts).where(eq(contacts.tierId, tier.id))).map((r) => r.nextDueOn);
    expect(await dueOns()).toEqual(Array(3).fill(addDays(touchDay, 60)));

    const preview = await api.get(`/api/tiers/${tier.id}/preview?intervalDays=14`);
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual({ asOf: todayUtc(), contacts: 3, dueNow: 0, dueAfter: 3, change: 3 });
    expect(await dueOns()).toEqual(Array(3).fill(addDays(touchDay, 60)));
    expect((await api.get(`/api/tiers/${tier.id}`)).body.intervalDays).toBe(60);

    const bad = await api.get(`/api/tiers/${tier.id}/preview?intervalDays=-3`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('query.intervalDays');

    await api.patch(`/api/tiers/${tier.id}`, { intervalDays: 14 });
    expect(await dueOns()).toEqual(Array(3).fill(addDays(touchDay, 14)));
    const today = await api.get(`/api/today?owner=me&limit=200`);
    const onToday = today.body.items.map((i: { contact: { id: string } }) => i.contact.id);
    for (const id of ids) expect(onToday).toContain(id);
  });
});

async function insertTouch(workspaceId: string, contactId: string, daysAgo: number) {
  await buildInteraction(t.store.db, workspaceId, {
    contactIds: [contactId],
    occurredAt: new Date(Date.now() - daysAgo * 86_400_000),
  });
}
