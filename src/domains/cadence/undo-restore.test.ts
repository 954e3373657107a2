import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiAs, openTestApp, type TestApp } from '../../test/http.ts';
import { buildContact } from '../contacts/factories.ts';
import { dayOffset } from '../interactions/test-helpers.ts';
import { buildUser, type TestUser } from '../workspaces/factories.ts';
import { buildTier } from './factories.ts';

// The web app's Undo for snoozing, giving a tier and completing a next step writes the earlier value back
// through the same routes. These tests hold it to the promise in its toast: afterwards the contact, its due
// state and its place on Today are exactly what they were.

let t: TestApp;
let owner: TestUser;

beforeAll(async () => {
  t = await openTestApp();
  owner = await buildUser(t.store.db, { workspace: 'Acme' });
});
afterAll(() => t.close());

const api = (): Api => apiAs(t.app, owner.token);

/** The contact as its page shows it, without the time of the last write. */
async function contactState(id: string) {
  const res = await api().get(`/api/contacts/${id}`);
  expect(res.status).toBe(200);
  const { updatedAt: _updatedAt, ...rest } = res.body;
  return rest;
}

/** Where the contact stands on Today: its item (with rank and reason), or null when it is not due. */
async function todayState(id: string) {
  const res = await api().get('/api/today?limit=200');
  expect(res.status).toBe(200);
  return res.body.items.find((item: { contact: { id: string } }) => item.contact.id === id) ?? null;
}

/** A tiered contact with a touch 20 days ago: overdue on a 14-day rhythm, so on Today. */
async function overdueContact() {
  const tier = await buildTier(t.store.db, owner.workspaceId, { priority: 1, intervalDays: 14 });
  const contact = await buildContact(t.store.db, owner.workspaceId, {
    tierId: tier.id,
    ownerId: owner.userId,
  });
  const logged = await api().post('/api/interactions', {
    contactIds: [contact.id],
    kind: 'call',
    summary: 'Caught up',
    occurredAt: dayOffset(-20).at,
  });
  expect(logged.status).toBe(201);
  return contact;
}

describe('Undo by writing the earlier value back', () => {
  it('unsnoozing restores the due state and the place on Today', async () => {
    const contact = await overdueContact();
    const before = await contactState(contact.id);
    const onToday = await todayState(contact.id);
    expect(onToday).not.toBeNull();

    const snoozed = await api().patch(`/api/contacts/${contact.id}`, { snoozedUntil: dayOffset(10).date });
    expect(snoozed.status).toBe(200);
    expect(await todayState(contact.id)).toBeNull();

    const undone = await api().patch(`/api/contacts/${contact.id}`, { snoozedUntil: before.snoozedUntil });
    expect(undone.status).toBe(200);
    expect(await contactState(contact.id)).toEqual(before);
    expect(await todayState(contact.id)).toEqual(onToday);
  });

  it('taking a tier back restores a contact without a plan', async () => {
    const contact = await buildContact(t.store.db, owner.workspaceId, { ownerId: owner.userId });
    await api().patch(`/api/contacts/${contact.id}`, { title: 'Buyer' });
    const before = await contactState(contact.id);
    expect(before.isOrphan).toBe(true);
    const tier = await buildTier(t.store.db, owner.workspaceId, { intervalDays: 30 });

    const given = await api().patch(`/api/contacts/${contact.id}`, { tierId: tier.id });
    expect(given.status).toBe(200);
    expect((await contactState(contact.id)).nextDueAt).not.toBeNull();

    await api().patch(`/api/contacts/${contact.id}`, { tierId: before.tier?.id ?? null });
    expect(await contactState(contact.id)).toEqual(before);
  });

  it('reopening a completed next step restores the due state it set', async () => {
    const contact = await overdueContact();
    const planned = await api().post('/api/next-steps', {
      contactId: contact.id,
      action: 'Send the proposal',
      dueAt: dayOffset(-2).date,
    });
    expect(planned.status).toBe(201);
    const before = await contactState(contact.id);
    expect(before.dueReason).toBe('next_step');
    const onToday = await todayState(contact.id);

    const done = await api().patch(`/api/next-steps/${planned.body.id}`, { done: true });
    expect(done.status).toBe(200);
    expect((await contactState(contact.id)).dueReason).not.toBe('next_step');

    const reopened = await api().patch(`/api/next-steps/${planned.body.id}`, { done: false });
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ done: false, doneAt: null, dueAt: planned.body.dueAt });
    expect(await contactState(contact.id)).toEqual(before);
    expect(await todayState(contact.id)).toEqual(onToday);
  });
});
