import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../shared/dates.ts';
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
const tiered = async (overrides: Parameters<typeof buildTier>[2] = {}) => {
  const tier = await buildTier(t.store.db, owner.workspaceId, overrides);
  return buildContact(t.store.db, owner.workspaceId, { tierId: tier.id });
};
const call = (contactIds: string[], extra: Record<string, unknown> = {}) =>
  api().post('/api/interactions', { contactIds, kind: 'call', summary: 'Caught up', ...extra });
const dueOf = (res: { body: any }, id: string) => res.body.contacts.find((c: { id: string }) => c.id === id);

describe('GET, PATCH and DELETE /api/interactions/:id', () => {
  it('edits the date and kind and recomputes the due state', async () => {
    const contact = await tiered({ intervalDays: 10 });
    const logged = await call([contact.id], { occurredAt: dayOffset(-5).at });
    const id = logged.body.interaction.id;
    const moved = dayOffset(-1);
    const res = await api().patch(`/api/interactions/${id}`, { occurredAt: moved.at, summary: 'Edited' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, occurredAt: moved.at, summary: 'Edited' });
    const moveCheck = await api().post('/api/interactions', {
      contactIds: [contact.id],
      kind: 'note',
      summary: 'n',
    });
    expect(dueOf(moveCheck, contact.id)).toMatchObject({
      lastTouchAt: moved.at,
      nextDueAt: addDays(moved.date, 10),
    });

    const asNote = await api().patch(`/api/interactions/${id}`, { kind: 'note' });
    expect(asNote.body.kind).toBe('note');
    const check = await api().post('/api/interactions', {
      contactIds: [contact.id],
      kind: 'note',
      summary: 'n',
    });
    expect(dueOf(check, contact.id)).toMatchObject({ lastTouchAt: null, dueReason: 'never_contacted' });
    const back = await api().patch(`/api/interactions/${id}`, { kind: 'call' });
    expect(back.status).toBe(200);
    const check2 = await api().post('/api/interactions', {
      contactIds: [contact.id],
      kind: 'note',
      summary: 'n',
    });
    expect(dueOf(check2, contact.id)).toMatchObject({
      lastTouchAt: moved.at,
      nextDueAt: addDays(moved.date, 10),
    });
  });

  it('rejects a bad patch with 400 naming the field and writes nothing', async () => {
    const contact = await tiered();
    const logged = await call([contact.id]);
    const id = logged.body.interaction.id;
    const before = await rowCounts(t.store.db, owner.workspaceId);
    const future = await api().patch(`/api/interactions/${id}`, {
      occurredAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(future.status).toBe(400);
    expect(future.body.error.fields[0].field).toBe('body.occurredAt');
    const empty = await api().patch(`/api/interactions/${id}`, { summary: '' });
    expect(empty.body.error.fields[0].field).toBe('body.summary');
    expect(await rowCounts(t.store.db, owner.workspaceId)).toEqual(before);
    expect((await api().get(`/api/interactions/${id}`)).body.summary).toBe('Caught up');
  });

  it('deletes an interaction and its touch, keeping the next steps it set', async () => {
    const contact = await tiered({ intervalDays: 14 });
    const old = dayOffset(-20);
    await call([contact.id], { occurredAt: old.at });
    const logged = await call([contact.id], { nextStep: { action: 'Call back', dueAt: dayOffset(30).date } });
    const id = logged.body.interaction.id;
    expect((await api().delete(`/api/interactions/${id}`)).status).toBe(204);
    expect((await api().get(`/api/interactions/${id}`)).status).toBe(404);
    const steps = await api().get(`/api/next-steps?contactId=${contact.id}`);
    expect(steps.body.items).toEqual([expect.objectContaining({ action: 'Call back', interactionId: null })]);
    await api().delete(`/api/next-steps/${steps.body.items[0].id}`);
    const check = await api().post('/api/interactions', {
      contactIds: [contact.id],
      kind: 'note',
      summary: 'n',
    });
    expect(dueOf(check, contact.id)).toMatchObject({ lastTouchAt: old.at, nextDueAt: addDays(old.date, 14) });
  });

  it('answers 404 for another workspace, 403 to a viewer and 401 without a credential', async () => {
    const theirs = await buildContact(t.store.db, stranger.workspaceId);
    const logged = await apiAs(t.app, stranger.token).post('/api/interactions', {
      contactIds: [theirs.id],
      kind: 'email',
      summary: 'Private',
    });
    const id = logged.body.interaction.id;
    const before = await rowCounts(t.store.db, stranger.workspaceId);
    for (const res of [
      await api().get(`/api/interactions/${id}`),
      await api().patch(`/api/interactions/${id}`, { summary: 'Hijacked' }),
      await api().delete(`/api/interactions/${id}`),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.fields[0].field).toBe('params.id');
    }
    const mine = (await call([(await tiered()).id])).body.interaction.id;
    expect((await apiAs(t.app, viewer.token).get(`/api/interactions/${mine}`)).status).toBe(200);
    expect(
      (await apiAs(t.app, viewer.token).patch(`/api/interactions/${mine}`, { summary: 'v' })).status,
    ).toBe(403);
    expect((await apiAs(t.app, viewer.token).delete(`/api/interactions/${mine}`)).status).toBe(403);
    expect((await apiAs(t.app).get(`/api/interactions/${mine}`)).status).toBe(401);
    expect((await api().get('/api/interactions/not-a-uuid')).body.error.fields[0].field).toBe('params.id');
    expect(await rowCounts(t.store.db, stranger.workspaceId)).toEqual(before);
    expect((await apiAs(t.app, stranger.token).get(`/api/interactions/${id}`)).body.summary).toBe('Private');
  });
});

describe('openapi', () => {
  it('documents every route of interactions, next steps, timelines and facts', async () => {
    const res = await apiAs(t.app).get('/api/openapi.json');
    expect(res.status).toBe(200);
    const paths = res.body.paths;
    for (const path of [
      '/api/interactions',
      '/api/interactions/{id}',
      '/api/contacts/{id}/timeline',
      '/api/companies/{id}/timeline',
      '/api/next-steps',
      '/api/next-steps/{id}',
      '/api/contacts/{id}/facts',
      '/api/facts/{id}',
    ]) {
      expect(paths[path], path).toBeDefined();
    }
    expect(paths['/api/interactions'].post.responses).toHaveProperty('422');
  });
});
