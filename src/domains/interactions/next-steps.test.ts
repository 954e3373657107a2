import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, openTestApp, type TestApp } from '../../test/http.ts';
import { buildContact } from '../contacts/factories.ts';
import { buildUser, type TestUser } from '../workspaces/factories.ts';
import { buildTier, dayOffset, rowCounts } from './test-helpers.ts';

let t: TestApp;
let owner: TestUser;
let viewer: TestUser;
let stranger: TestUser;

beforeAll(async () => {
  t = await openTestApp();
  owner = await buildUser(t.store.db, { workspace: 'Acme' });
  viewer = await buildUser(t.store.db, { workspace: 'Acme', role: 'viewer' });
  stranger = await buildUser(t.store.db, { workspace: 'Globex' });
});
afterAll(() => t.close());

const api = () => apiAs(t.app, owner.token);
const contactWithCadence = async (intervalDays = 14) => {
  const tier = await buildTier(t.store.db, owner.workspaceId, { intervalDays });
  return buildContact(t.store.db, owner.workspaceId, { tierId: tier.id });
};
/** The stored due state, read through a note (which is not a touch and changes nothing). */
const dueState = async (contactId: string) =>
  (await api().post('/api/interactions', { contactIds: [contactId], kind: 'note', summary: 'peek' })).body
    .contacts[0];

describe('next steps', () => {
  it('creates a step that wins over cadence; done returns the contact to cadence, reopen brings it back', async () => {
    const contact = await contactWithCadence(14);
    const dueAt = dayOffset(3).date;
    const created = await api().post('/api/next-steps', {
      contactId: contact.id,
      action: 'Send deck',
      dueAt,
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      contactId: contact.id,
      action: 'Send deck',
      dueAt,
      done: false,
      doneAt: null,
      interactionId: null,
      createdAt: expect.any(String),
    });
    expect(await dueState(contact.id)).toMatchObject({ nextDueAt: dueAt, dueReason: 'next_step' });

    const done = await api().patch(`/api/next-steps/${created.body.id}`, { done: true });
    expect(done.body).toMatchObject({ done: true, doneAt: expect.any(String) });
    expect(await dueState(contact.id)).toMatchObject({ dueReason: 'never_contacted' });

    const reopened = await api().patch(`/api/next-steps/${created.body.id}`, {
      done: false,
      dueAt: dayOffset(9).date,
    });
    expect(reopened.body).toMatchObject({ done: false, doneAt: null, dueAt: dayOffset(9).date });
    expect(await dueState(contact.id)).toMatchObject({
      nextDueAt: dayOffset(9).date,
      dueReason: 'next_step',
    });

    const renamed = await api().patch(`/api/next-steps/${created.body.id}`, { action: 'Send the new deck' });
    expect(renamed.body.action).toBe('Send the new deck');

    expect((await api().delete(`/api/next-steps/${created.body.id}`)).status).toBe(204);
    expect(await dueState(contact.id)).toMatchObject({ dueReason: 'never_contacted' });
    expect((await api().delete(`/api/next-steps/${created.body.id}`)).status).toBe(404);
  });

  it('lists by due date then id, filters by status and pages with a cursor', async () => {
    const contact = await contactWithCadence();
    const dates = [dayOffset(5).date, dayOffset(1).date, dayOffset(3).date, dayOffset(1).date];
    const ids: string[] = [];
    for (const dueAt of dates) {
      ids.push(
        (await api().post('/api/next-steps', { contactId: contact.id, action: `a ${dueAt}`, dueAt })).body.id,
      );
    }
    await api().patch(`/api/next-steps/${ids[2]}`, { done: true });
    const open = await api().get(`/api/next-steps?contactId=${contact.id}`);
    const expected = [ids[1]!, ids[3]!].sort().concat(ids[0]!);
    expect(open.body.items.map((s: { id: string }) => s.id)).toEqual(expected);
    expect(open.body.nextCursor).toBeNull();

    const first = await api().get(`/api/next-steps?contactId=${contact.id}&status=all&limit=2`);
    expect(first.body.items).toHaveLength(2);
    const second = await api().get(
      `/api/next-steps?contactId=${contact.id}&status=all&limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.nextCursor).toBeNull();
    const all = [...first.body.items, ...second.body.items].map((s: { dueAt: string }) => s.dueAt);
    expect(all).toEqual([...dates].sort());
    const done = await api().get(`/api/next-steps?contactId=${contact.id}&status=done`);
    expect(done.body.items.map((s: { id: string }) => s.id)).toEqual([ids[2]]);

    const everyone = await api().get('/api/next-steps?status=all&limit=200');
    expect(everyone.body.items.length).toBeGreaterThanOrEqual(4);
  });

  it('rejects bad input with 400 naming the field, and writes nothing', async () => {
    const contact = await contactWithCadence();
    const step = (
      await api().post('/api/next-steps', { contactId: contact.id, action: 'x', dueAt: '2030-01-01' })
    ).body;
    const before = await rowCounts(t.store.db, owner.workspaceId);
    const cases: [Promise<{ status: number; body: any }>, string][] = [
      [
        api().post('/api/next-steps', { contactId: contact.id, action: '', dueAt: '2030-01-01' }),
        'body.action',
      ],
      [
        api().post('/api/next-steps', { contactId: contact.id, action: 'x', dueAt: '01/02/2030' }),
        'body.dueAt',
      ],
      [api().post('/api/next-steps', { contactId: 'x', action: 'x', dueAt: '2030-01-01' }), 'body.contactId'],
      [api().patch(`/api/next-steps/${step.id}`, { done: 'yes' }), 'body.done'],
      [api().patch(`/api/next-steps/${step.id}`, { dueAt: '2030-02-30' }), 'body.dueAt'],
      [api().get('/api/next-steps?status=late'), 'query.status'],
      [api().get('/api/next-steps?limit=0'), 'query.limit'],
      [api().get('/api/next-steps?cursor=garbage'), 'query.cursor'],
    ];
    for (const [pending, field] of cases) {
      const res = await pending;
      expect(res.status, field).toBe(400);
      expect(res.body.error.fields[0].field).toBe(field);
    }
    expect(await rowCounts(t.store.db, owner.workspaceId)).toEqual(before);
  });

  it("answers 404 for another workspace's contact or step, 403 to a viewer, 401 without credential", async () => {
    const theirs = await buildContact(t.store.db, stranger.workspaceId);
    const theirStep = (
      await apiAs(t.app, stranger.token).post('/api/next-steps', {
        contactId: theirs.id,
        action: 'Theirs',
        dueAt: '2030-01-01',
      })
    ).body;
    const mine = await contactWithCadence();
    const myStep = (
      await api().post('/api/next-steps', { contactId: mine.id, action: 'Mine', dueAt: '2030-01-01' })
    ).body;
    const before = await rowCounts(t.store.db, owner.workspaceId);
    const theirsBefore = await rowCounts(t.store.db, stranger.workspaceId);

    const create = await api().post('/api/next-steps', {
      contactId: theirs.id,
      action: 'x',
      dueAt: '2030-01-01',
    });
    expect(create.status).toBe(404);
    expect(create.body.error.fields[0].field).toBe('body.contactId');
    const list = await api().get(`/api/next-steps?contactId=${theirs.id}`);
    expect(list.status).toBe(404);
    expect(list.body.error.fields[0].field).toBe('query.contactId');
    for (const res of [
      await api().patch(`/api/next-steps/${theirStep.id}`, { done: true }),
      await api().delete(`/api/next-steps/${theirStep.id}`),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.fields[0].field).toBe('params.id');
    }
    const all = await api().get('/api/next-steps?status=all&limit=200');
    expect(all.body.items.map((s: { id: string }) => s.id)).not.toContain(theirStep.id);

    const asViewer = apiAs(t.app, viewer.token);
    expect((await asViewer.get('/api/next-steps')).status).toBe(200);
    expect(
      (await asViewer.post('/api/next-steps', { contactId: mine.id, action: 'v', dueAt: '2030-01-01' }))
        .status,
    ).toBe(403);
    expect((await asViewer.patch(`/api/next-steps/${myStep.id}`, { done: true })).status).toBe(403);
    expect((await asViewer.delete(`/api/next-steps/${myStep.id}`)).status).toBe(403);
    expect((await apiAs(t.app).get('/api/next-steps')).status).toBe(401);
    expect((await apiAs(t.app).post('/api/next-steps', { contactId: mine.id })).status).toBe(401);

    expect(await rowCounts(t.store.db, owner.workspaceId)).toEqual(before);
    expect(await rowCounts(t.store.db, stranger.workspaceId)).toEqual(theirsBefore);
  });
});
