import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayUtc } from '../../shared/dates.ts';
import { apiAs, openTestApp, type TestApp } from '../../test/http.ts';
import { auditLog } from '../audit/schema.ts';
import { tiers } from '../cadence/schema.ts';
import { buildCompany } from '../companies/factories.ts';
import { buildUser, type TestUser } from '../workspaces/factories.ts';
import { buildContact } from './factories.ts';
import { contacts } from './schema.ts';

let t: TestApp;
let owner: TestUser;
let member: TestUser;
let viewer: TestUser;
let stranger: TestUser;
let tier14: string;

async function contactCount(workspaceId: string): Promise<number> {
  const [row] = await t.store.db
    .select({ n: count() })
    .from(contacts)
    .where(eq(contacts.workspaceId, workspaceId));
  return row!.n;
}

async function buildTier(workspaceId: string, name: string, intervalDays: number | null) {
  const [tier] = await t.store.db
    .insert(tiers)
    .values({ workspaceId, name, priority: 1, intervalDays })
    .returning();
  return tier!.id;
}

beforeAll(async () => {
  t = await openTestApp();
  owner = await buildUser(t.store.db, { workspace: 'Acme' });
  member = await buildUser(t.store.db, { workspace: 'Acme', role: 'member' });
  viewer = await buildUser(t.store.db, { workspace: 'Acme', role: 'viewer' });
  stranger = await buildUser(t.store.db, { workspace: 'Other' });
  tier14 = await buildTier(owner.workspaceId, 'Inner circle', 14);
});
afterAll(() => t.close());

describe('POST /api/contacts', () => {
  it('creates a contact with every field, owned by the caller, and audits it', async () => {
    const company = await buildCompany(t.store.db, owner.workspaceId, { name: 'Globex' });
    const res = await apiAs(t.app, member.token).post('/api/contacts', {
      firstName: ' Ada ',
      lastName: 'Lovelace',
      emails: ['Ada@Example.com', 'ada@work.test'],
      phones: [{ label: 'mobile', number: '+44 1234' }, { number: '555' }],
      title: 'Countess',
      companyId: company.id,
      tierId: tier14,
      stage: 'customer',
      readiness: 4,
      tags: [' VIP ', 'vip', 'Math'],
      source: 'conference',
      birthday: '1815-12-10',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      firstName: 'Ada',
      name: 'Ada Lovelace',
      emails: ['Ada@Example.com', 'ada@work.test'],
      phones: [
        { label: 'mobile', number: '+44 1234' },
        { label: null, number: '555' },
      ],
      company: { id: company.id, name: 'Globex' },
      tier: { id: tier14, name: 'Inner circle', priority: 1, intervalDays: 14, channel: 'any' },
      ownerId: member.userId,
      stage: 'customer',
      readiness: 4,
      tags: ['vip', 'math'],
      birthday: '1815-12-10',
      doNotContact: false,
      archived: false,
      lastTouchAt: null,
      nextDueAt: todayUtc(),
      dueReason: 'never_contacted',
      overdueDays: 0,
      isOrphan: false,
    });
    const [row] = await t.store.db.select().from(contacts).where(eq(contacts.id, res.body.id));
    expect(row!.searchText).toBe('ada lovelace ada@example.com ada@work.test globex');
    expect(row!.todayOn).toBe(todayUtc());
    const audits = await t.store.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, res.body.id), eq(auditLog.action, 'create')));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.actorId).toBe(member.userId);
  });

  it('defaults stage to lead and marks a contact without plan as an orphan', async () => {
    const res = await apiAs(t.app, owner.token).post('/api/contacts', { firstName: 'Solo' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      stage: 'lead',
      lastName: '',
      nextDueAt: null,
      overdueDays: null,
      isOrphan: true,
    });
  });

  it('rejects invalid fields with 400 naming each, and writes nothing', async () => {
    const before = await contactCount(owner.workspaceId);
    const api = apiAs(t.app, owner.token);
    const cases: [unknown, string][] = [
      [{ lastName: 'NoFirst' }, 'body.firstName'],
      [{ firstName: 'A', emails: ['ok@x.test', 'nope'] }, 'body.emails.1'],
      [{ firstName: 'A', emails: ['a@x.test', 'A@X.test'] }, 'body.emails.1'],
      [{ firstName: 'A', intervalDays: 0 }, 'body.intervalDays'],
      [{ firstName: 'A', intervalDays: 3651 }, 'body.intervalDays'],
      [{ firstName: 'A', stage: 'friend' }, 'body.stage'],
      [{ firstName: 'A', readiness: 6 }, 'body.readiness'],
      [{ firstName: 'A', tags: ['x'.repeat(51)] }, 'body.tags.0'],
      [{ firstName: 'A', tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }, 'body.tags'],
      [{ firstName: 'A', birthday: '10/12/1815' }, 'body.birthday'],
      [{ firstName: 'A', snoozedUntil: '2026-13-01' }, 'body.snoozedUntil'],
      [{ firstName: 'A', companyId: 'not-a-uuid' }, 'body.companyId'],
      [{ firstName: 'A', phones: [{ label: 'x' }] }, 'body.phones.0.number'],
    ];
    for (const [body, field] of cases) {
      const res = await api.post('/api/contacts', body);
      expect(res.status, field).toBe(400);
      expect(res.body.error.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    expect(await contactCount(owner.workspaceId)).toBe(before);
  });

  it('answers 409 naming the email another contact already has, in any case, and who has it', async () => {
    const holder = await buildContact(t.store.db, owner.workspaceId, {
      firstName: 'Tess',
      lastName: 'Holder',
      email: 'taken@example.com',
    });
    const before = await contactCount(owner.workspaceId);
    const res = await apiAs(t.app, owner.token).post('/api/contacts', {
      firstName: 'Dup',
      emails: ['fresh@example.com', 'TAKEN@example.com'],
    });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe('The email taken@example.com already belongs to Tess Holder');
    expect(res.body.error.fields).toEqual([
      {
        field: 'body.emails.1',
        message: 'already belongs to Tess Holder',
        related: { type: 'contact', id: holder.id, name: 'Tess Holder' },
      },
    ]);
    expect(await contactCount(owner.workspaceId)).toBe(before);
    // The same address is free in another workspace.
    const other = await apiAs(t.app, stranger.token).post('/api/contacts', {
      firstName: 'Dup',
      emails: ['taken@example.com'],
    });
    expect(other.status).toBe(201);
  });

  it("answers 404 naming the field for another workspace's company, tier or owner", async () => {
    const theirCompany = await buildCompany(t.store.db, stranger.workspaceId);
    const theirTier = await buildTier(stranger.workspaceId, 'Theirs', 7);
    const before = await contactCount(owner.workspaceId);
    const api = apiAs(t.app, owner.token);
    for (const [body, field] of [
      [{ companyId: theirCompany.id }, 'body.companyId'],
      [{ tierId: theirTier }, 'body.tierId'],
      [{ ownerId: stranger.userId }, 'body.ownerId'],
    ] as const) {
      const res = await api.post('/api/contacts', { firstName: 'X', ...body });
      expect(res.status, field).toBe(404);
      expect(res.body.error.fields[0].field).toBe(field);
    }
    expect(await contactCount(owner.workspaceId)).toBe(before);
  });

  it('answers 401 without a credential and 403 for a viewer, writing nothing', async () => {
    const before = await contactCount(owner.workspaceId);
    expect((await apiAs(t.app).post('/api/contacts', { firstName: 'A' })).status).toBe(401);
    expect((await apiAs(t.app, viewer.token).post('/api/contacts', { firstName: 'A' })).status).toBe(403);
    expect(await contactCount(owner.workspaceId)).toBe(before);
  });
});

describe('GET, PATCH and DELETE /api/contacts/:id', () => {
  it('gets a contact; another workspace, a viewer-less call and a bad id are refused', async () => {
    const contact = await buildContact(t.store.db, owner.workspaceId, { firstName: 'Grace' });
    const res = await apiAs(t.app, viewer.token).get(`/api/contacts/${contact.id}`);
    expect(res.status).toBe(200);
    expect(res.body.firstName).toBe('Grace');
    expect((await apiAs(t.app, stranger.token).get(`/api/contacts/${contact.id}`)).status).toBe(404);
    expect((await apiAs(t.app).get(`/api/contacts/${contact.id}`)).status).toBe(401);
    const bad = await apiAs(t.app, owner.token).get('/api/contacts/123');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('params.id');
  });

  it('patches only the fields sent, replaces emails and refreshes the search text', async () => {
    const contact = await buildContact(t.store.db, owner.workspaceId, {
      firstName: 'Alan',
      lastName: 'Turing',
      email: 'alan@old.test',
      title: 'Mathematician',
    });
    const res = await apiAs(t.app, owner.token).patch(`/api/contacts/${contact.id}`, {
      lastName: 'Turing-Smith',
      emails: ['alan@new.test', 'turing@bletchley.test'],
      tags: ['Codes'],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      lastName: 'Turing-Smith',
      title: 'Mathematician',
      emails: ['alan@new.test', 'turing@bletchley.test'],
      tags: ['codes'],
    });
    const [row] = await t.store.db.select().from(contacts).where(eq(contacts.id, contact.id));
    expect(row!.searchText).toBe('alan turing-smith alan@new.test turing@bletchley.test');
    // Keeping one of its own addresses is not a conflict.
    const again = await apiAs(t.app, owner.token).patch(`/api/contacts/${contact.id}`, {
      emails: ['ALAN@new.test'],
    });
    expect(again.status).toBe(200);
  });

  it('refuses a patch of another workspace, a bad field or a taken email, changing nothing', async () => {
    const contact = await buildContact(t.store.db, owner.workspaceId, {
      firstName: 'Keep',
      email: 'keep@x.test',
    });
    await buildContact(t.store.db, owner.workspaceId, { email: 'other@x.test' });
    const api = apiAs(t.app, owner.token);
    expect(
      (await apiAs(t.app, stranger.token).patch(`/api/contacts/${contact.id}`, { firstName: 'X' })).status,
    ).toBe(404);
    const bad = await api.patch(`/api/contacts/${contact.id}`, { firstName: 'X', readiness: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('body.readiness');
    const taken = await api.patch(`/api/contacts/${contact.id}`, {
      firstName: 'X',
      emails: ['OTHER@x.test'],
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error.fields[0].field).toBe('body.emails.0');
    const theirTier = await buildTier(stranger.workspaceId, 'Elsewhere', 3);
    const tier = await api.patch(`/api/contacts/${contact.id}`, { firstName: 'X', tierId: theirTier });
    expect(tier.status).toBe(404);
    expect(tier.body.error.fields[0].field).toBe('body.tierId');
    expect(
      (await apiAs(t.app, viewer.token).patch(`/api/contacts/${contact.id}`, { firstName: 'X' })).status,
    ).toBe(403);
    const after = await api.get(`/api/contacts/${contact.id}`);
    expect(after.body).toMatchObject({ firstName: 'Keep', emails: ['keep@x.test'], tierId: null });
  });

  it('deletes a contact with its emails; another workspace gets 404', async () => {
    const contact = await buildContact(t.store.db, owner.workspaceId, { email: 'gone@x.test' });
    expect((await apiAs(t.app, stranger.token).delete(`/api/contacts/${contact.id}`)).status).toBe(404);
    expect((await apiAs(t.app, viewer.token).delete(`/api/contacts/${contact.id}`)).status).toBe(403);
    expect((await apiAs(t.app, owner.token).delete(`/api/contacts/${contact.id}`)).status).toBe(204);
    expect((await apiAs(t.app, owner.token).get(`/api/contacts/${contact.id}`)).status).toBe(404);
    expect((await apiAs(t.app, owner.token).delete(`/api/contacts/${contact.id}`)).status).toBe(404);
    // The address is free again.
    const reuse = await apiAs(t.app, owner.token).post('/api/contacts', {
      firstName: 'R',
      emails: ['gone@x.test'],
    });
    expect(reuse.status).toBe(201);
  });

  it('deletes the interactions only about a deleted contact (audited) and keeps shared ones', async () => {
    const api = apiAs(t.app, owner.token);
    const leaving = await buildContact(t.store.db, owner.workspaceId);
    const staying = await buildContact(t.store.db, owner.workspaceId);
    const log = async (contactIds: string[], summary: string) => {
      const res = await api.post('/api/interactions', { contactIds, kind: 'email', summary });
      expect(res.status).toBe(201);
      return res.body.interaction.id as string;
    };
    const alone = await log([leaving.id], 'Only with the one leaving');
    const shared = await log([leaving.id, staying.id], 'With both');
    const fact = await api.post(`/api/contacts/${leaving.id}/facts`, { text: 'Has a boat' });
    const step = await api.post('/api/next-steps', {
      contactId: leaving.id,
      action: 'Call',
      dueAt: todayUtc(),
    });

    expect((await api.delete(`/api/contacts/${leaving.id}`)).status).toBe(204);

    expect((await api.get(`/api/interactions/${alone}`)).status).toBe(404);
    const kept = await api.get(`/api/interactions/${shared}`);
    expect(kept.status).toBe(200);
    expect(kept.body.contacts.map((c: { id: string }) => c.id)).toEqual([staying.id]);
    expect((await api.patch(`/api/facts/${fact.body.id}`, { text: 'x' })).status).toBe(404);
    expect((await api.patch(`/api/next-steps/${step.body.id}`, { done: true })).status).toBe(404);
    const audited = await t.store.db
      .select({ entity: auditLog.entity, entityId: auditLog.entityId, changes: auditLog.changes })
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, owner.workspaceId), eq(auditLog.action, 'delete')));
    expect(audited).toContainEqual({
      entity: 'interaction',
      entityId: alone,
      changes: {
        kind: 'email',
        summary: 'Only with the one leaving',
        reason: 'its last contact was deleted',
      },
    });
    expect(audited).toContainEqual({
      entity: 'contact',
      entityId: leaving.id,
      changes: { deletedInteractions: 1 },
    });
    expect(audited.filter((a) => a.entityId === shared)).toEqual([]);
  });
});

describe('due state', () => {
  async function todayOn(id: string) {
    const [row] = await t.store.db
      .select({ todayOn: contacts.todayOn })
      .from(contacts)
      .where(eq(contacts.id, id));
    return row!.todayOn;
  }

  it('follows tier, interval, snooze, do-not-contact and archive changes', async () => {
    const api = apiAs(t.app, owner.token);
    const created = await api.post('/api/contacts', { firstName: 'Due', tierId: tier14 });
    const id = created.body.id;
    expect(created.body).toMatchObject({
      nextDueAt: todayUtc(),
      dueReason: 'never_contacted',
      isOrphan: false,
    });
    expect(await todayOn(id)).toBe(todayUtc());

    const noTier = await api.patch(`/api/contacts/${id}`, { tierId: null });
    expect(noTier.body).toMatchObject({
      nextDueAt: null,
      dueReason: null,
      isOrphan: true,
      overdueDays: null,
    });
    const interval = await api.patch(`/api/contacts/${id}`, { intervalDays: 30 });
    expect(interval.body).toMatchObject({
      nextDueAt: todayUtc(),
      dueReason: 'never_contacted',
      isOrphan: false,
    });

    const aYearOn = addDays(todayUtc(), 365);
    const snoozed = await api.patch(`/api/contacts/${id}`, { snoozedUntil: aYearOn });
    expect(snoozed.body.snoozedUntil).toBe(aYearOn);
    expect(await todayOn(id)).toBe(aYearOn);
    await api.patch(`/api/contacts/${id}`, { snoozedUntil: null });
    expect(await todayOn(id)).toBe(todayUtc());

    const dnc = await api.patch(`/api/contacts/${id}`, { doNotContact: true });
    expect(dnc.body.doNotContact).toBe(true);
    expect(await todayOn(id)).toBeNull();
    await api.patch(`/api/contacts/${id}`, { doNotContact: false });
    expect(await todayOn(id)).toBe(todayUtc());

    const archived = await api.patch(`/api/contacts/${id}`, { archived: true });
    expect(archived.body).toMatchObject({ archived: true, isOrphan: false });
    expect(await todayOn(id)).toBeNull();
  });

  it('counts overdue days from nextDueAt', async () => {
    const contact = await buildContact(t.store.db, owner.workspaceId, {
      tierId: tier14,
      createdAt: new Date(Date.now() - 10 * 86_400_000),
    });
    const res = await apiAs(t.app, owner.token).get(`/api/contacts/${contact.id}`);
    expect(res.body.overdueDays).toBe(10);
  });
});

describe('POST /api/contacts/bulk', () => {
  it('sets tier, owner and stage and adds tags to every contact given', async () => {
    const a = await buildContact(t.store.db, owner.workspaceId, { tags: ['old', 'shared'] });
    const b = await buildContact(t.store.db, owner.workspaceId);
    const res = await apiAs(t.app, owner.token).post('/api/contacts/bulk', {
      ids: [a.id, b.id, a.id],
      set: { tierId: tier14, ownerId: member.userId, stage: 'qualified', addTags: ['Shared', 'new'] },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ updated: 2 });
    const got = await apiAs(t.app, owner.token).get(`/api/contacts/${a.id}`);
    expect(got.body).toMatchObject({
      tierId: tier14,
      ownerId: member.userId,
      stage: 'qualified',
      tags: ['old', 'shared', 'new'],
      nextDueAt: todayUtc(),
    });
    const other = await apiAs(t.app, owner.token).get(`/api/contacts/${b.id}`);
    expect(other.body.tags).toEqual(['shared', 'new']);
  });

  it('writes nothing when one id is unknown or another workspace', async () => {
    const mine = await buildContact(t.store.db, owner.workspaceId, { stage: 'lead' });
    const theirs = await buildContact(t.store.db, stranger.workspaceId);
    const res = await apiAs(t.app, owner.token).post('/api/contacts/bulk', {
      ids: [mine.id, theirs.id],
      set: { stage: 'lost' },
    });
    expect(res.status).toBe(404);
    expect(res.body.error.fields[0].field).toBe('body.ids');
    expect((await apiAs(t.app, owner.token).get(`/api/contacts/${mine.id}`)).body.stage).toBe('lead');
  });

  it('rejects bad input, too many tags, viewers and anonymous callers', async () => {
    const mine = await buildContact(t.store.db, owner.workspaceId, {
      tags: Array.from({ length: 49 }, (_, i) => `t${i}`),
    });
    const api = apiAs(t.app, owner.token);
    const empty = await api.post('/api/contacts/bulk', { ids: [], set: { stage: 'lost' } });
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields[0].field).toBe('body.ids');
    const nothing = await api.post('/api/contacts/bulk', { ids: [mine.id], set: {} });
    expect(nothing.status).toBe(400);
    expect(nothing.body.error.fields[0].field).toBe('body.set');
    const tooMany = await api.post('/api/contacts/bulk', {
      ids: [mine.id],
      set: { addTags: ['x', 'y'], stage: 'lost' },
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.fields[0].field).toBe('body.set.addTags');
    const owner404 = await api.post('/api/contacts/bulk', {
      ids: [mine.id],
      set: { ownerId: stranger.userId },
    });
    expect(owner404.status).toBe(404);
    expect(owner404.body.error.fields[0].field).toBe('body.set.ownerId');
    expect(
      (
        await apiAs(t.app, viewer.token).post('/api/contacts/bulk', {
          ids: [mine.id],
          set: { stage: 'lost' },
        })
      ).status,
    ).toBe(403);
    expect(
      (await apiAs(t.app).post('/api/contacts/bulk', { ids: [mine.id], set: { stage: 'lost' } })).status,
    ).toBe(401);
    const after = (await api.get(`/api/contacts/${mine.id}`)).body;
    expect(after.stage).toBe('lead');
    expect(after.tags).toHaveLength(49);
  });
});
