import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, openTestApp, type TestApp } from '../../test/http.ts';
import { buildContact } from '../contacts/factories.ts';
import { rowCounts } from '../interactions/test-helpers.ts';
import { buildUser, type TestUser } from '../workspaces/factories.ts';

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

describe('facts', () => {
  it('records, lists newest first with paging, edits and deletes facts', async () => {
    const contact = await buildContact(t.store.db, owner.workspaceId);
    const created = await api().post(`/api/contacts/${contact.id}/facts`, {
      text: '  Daughter started school  ',
      remindOn: '2030-09-01',
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      contactId: contact.id,
      text: 'Daughter started school',
      remindOn: '2030-09-01',
      private: false,
      createdBy: owner.userId,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    for (const text of ['Loves cycling', 'Holiday in June', 'Allergic to nuts']) {
      expect((await api().post(`/api/contacts/${contact.id}/facts`, { text })).status).toBe(201);
    }
    const all = await api().get(`/api/contacts/${contact.id}/facts`);
    expect(all.body.items.map((f: { text: string }) => f.text)).toEqual([
      'Allergic to nuts',
      'Holiday in June',
      'Loves cycling',
      'Daughter started school',
    ]);
    const first = await api().get(`/api/contacts/${contact.id}/facts?limit=3`);
    expect(first.body.items).toHaveLength(3);
    const rest = await api().get(`/api/contacts/${contact.id}/facts?limit=3&cursor=${first.body.nextCursor}`);
    expect(rest.body.items.map((f: { text: string }) => f.text)).toEqual(['Daughter started school']);
    expect(rest.body.nextCursor).toBeNull();

    const edited = await api().patch(`/api/facts/${created.body.id}`, {
      remindOn: null,
      text: 'Son started school',
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ text: 'Son started school', remindOn: null });
    expect((await api().delete(`/api/facts/${created.body.id}`)).status).toBe(204);
    expect((await api().get(`/api/contacts/${contact.id}/facts`)).body.items).toHaveLength(3);
    expect((await api().delete(`/api/facts/${created.body.id}`)).status).toBe(404);
  });

  it('rejects bad input with 400 naming the field, and writes nothing', async () => {
    const contact = await buildContact(t.store.db, owner.workspaceId);
    const fact = (await api().post(`/api/contacts/${contact.id}/facts`, { text: 'x' })).body;
    const before = await rowCounts(t.store.db, owner.workspaceId);
    const cases: [Promise<{ status: number; body: any }>, string][] = [
      [api().post(`/api/contacts/${contact.id}/facts`, { text: '' }), 'body.text'],
      [api().post(`/api/contacts/${contact.id}/facts`, { text: 'x'.repeat(2001) }), 'body.text'],
      [api().post(`/api/contacts/${contact.id}/facts`, { text: 'x', remindOn: 'soon' }), 'body.remindOn'],
      [api().post('/api/contacts/nope/facts', { text: 'x' }), 'params.id'],
      [api().patch(`/api/facts/${fact.id}`, { text: '   ' }), 'body.text'],
      [api().patch(`/api/facts/${fact.id}`, { remindOn: '2030-02-30' }), 'body.remindOn'],
      [api().get(`/api/contacts/${contact.id}/facts?cursor=zzz`), 'query.cursor'],
    ];
    for (const [pending, field] of cases) {
      const res = await pending;
      expect(res.status, field).toBe(400);
      expect(res.body.error.fields[0].field).toBe(field);
    }
    expect(await rowCounts(t.store.db, owner.workspaceId)).toEqual(before);
  });

  it("answers 404 for another workspace's contact or fact, 403 to a viewer, 401 without credential", async () => {
    const theirs = await buildContact(t.store.db, stranger.workspaceId);
    const theirFact = (
      await apiAs(t.app, stranger.token).post(`/api/contacts/${theirs.id}/facts`, { text: 'Secret' })
    ).body;
    const mine = await buildContact(t.store.db, owner.workspaceId);
    const myFact = (await api().post(`/api/contacts/${mine.id}/facts`, { text: 'Mine' })).body;
    const before = await rowCounts(t.store.db, owner.workspaceId);
    const theirsBefore = await rowCounts(t.store.db, stranger.workspaceId);
    for (const res of [
      await api().post(`/api/contacts/${theirs.id}/facts`, { text: 'x' }),
      await api().get(`/api/contacts/${theirs.id}/facts`),
      await api().patch(`/api/facts/${theirFact.id}`, { text: 'Hijacked' }),
      await api().delete(`/api/facts/${theirFact.id}`),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.fields[0].field).toBe('params.id');
    }
    const asViewer = apiAs(t.app, viewer.token);
    expect((await asViewer.get(`/api/contacts/${mine.id}/facts`)).status).toBe(200);
    expect((await asViewer.post(`/api/contacts/${mine.id}/facts`, { text: 'v' })).status).toBe(403);
    expect((await asViewer.patch(`/api/facts/${myFact.id}`, { text: 'v' })).status).toBe(403);
    expect((await asViewer.delete(`/api/facts/${myFact.id}`)).status).toBe(403);
    expect((await apiAs(t.app).get(`/api/contacts/${mine.id}/facts`)).status).toBe(401);
    expect((await apiAs(t.app).post(`/api/contacts/${mine.id}/facts`, { text: 'x' })).status).toBe(401);
    expect(await rowCounts(t.store.db, owner.workspaceId)).toEqual(before);
    expect(await rowCounts(t.store.db, stranger.workspaceId)).toEqual(theirsBefore);
    const still = await apiAs(t.app, stranger.token).get(`/api/contacts/${theirs.id}/facts`);
    expect(still.body.items.map((f: { text: string }) => f.text)).toEqual(['Secret']);
  });
});
