import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiAs, openTestApp, type TestApp } from '../../test/http.ts';
import { buildContact } from '../contacts/factories.ts';
import { buildUser, type TestUser } from '../workspaces/factories.ts';

let t: TestApp;
let ann: TestUser;
let ben: TestUser;
let api: Api;

beforeAll(async () => {
  t = await openTestApp();
  ann = await buildUser(t.store.db, { workspace: 'Persistence' });
  ben = await buildUser(t.store.db, { workspace: 'Persistence', role: 'member' });
  api = apiAs(t.app, ann.token);
});
afterAll(() => t.close());

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();
/** A lead added `addedDaysAgo` days ago, with a 10-day cadence, owned by `owner`. */
const lead = (name: string, owner: TestUser, addedDaysAgo = 100) =>
  buildContact(t.store.db, ann.workspaceId, {
    firstName: name,
    stage: 'lead',
    intervalDays: 10,
    ownerId: owner.userId,
    createdAt: new Date(Date.now() - addedDaysAgo * DAY),
  });
const log = (contactId: string, daysAgo: number, extra: Record<string, unknown> = {}) =>
  api.post('/api/interactions', {
    contactIds: [contactId],
    kind: 'email',
    summary: 'Touch',
    occurredAt: ago(daysAgo),
    nextStep: { action: 'Follow up', dueAt: new Date(Date.now() + 7 * DAY).toISOString().slice(0, 10) },
    ...extra,
  });

describe('the persistence report', () => {
  it('counts attempts per open lead, who was never followed up, who answered when, and who stalled', async () => {
    const never = await lead('Never', ann);
    const two = await lead('Two', ann);
    await log(two.id, 50);
    await log(two.id, 40, { kind: 'call', outcome: 'no_answer' });
    const answered = await lead('Answered', ben);
    await log(answered.id, 30);
    await log(answered.id, 25);
    await log(answered.id, 20, { direction: 'in', summary: 'Yes, let us talk' });
    await log(answered.id, 5);
    const five = await lead('Five', ben);
    for (const d of [15, 12, 9, 6, 3]) await log(five.id, d);
    // Not open leads: a customer, and a lead added in the last few days (recent, so not stalled).
    const customer = await buildContact(t.store.db, ann.workspaceId, {
      firstName: 'Customer',
      stage: 'customer',
      intervalDays: 10,
      ownerId: ann.userId,
    });
    const fresh = await lead('Fresh', ann, 2);

    const report = (await api.get('/api/reports/persistence?owner=all')).body;
    expect(report.leads).toBe(5);
    expect(report.attempts).toEqual({ '0': 2, '1': 1, '2': 1, '3': 0, '4': 0, '5+': 1 });
    expect(report.neverFollowedUp).toBe(0.4);
    expect(report.reachedFifth).toBe(0.2);
    // Answered after the second attempt: of the 3 leads that got two attempts, one answered then.
    expect(report.repliedByAttempt[1]).toEqual({ attempt: '2', replies: 1, share: 0.333 });
    expect(report.repliedByAttempt[0]).toEqual({ attempt: '1', replies: 0, share: 0 });
    // Stalled: no answer, under five attempts, nothing in twice the 10-day cadence. Never and Two are Ann's.
    expect(report.stalled).toEqual([
      expect.objectContaining({
        ownerId: ann.userId,
        count: 2,
        leads: expect.arrayContaining([
          expect.objectContaining({ id: never.id, attempts: 0, lastAttemptAt: null }),
          expect.objectContaining({ id: two.id, attempts: 2 }),
        ]),
      }),
    ]);
    expect(report.stalled[0].leads.map((l: { id: string }) => l.id)).not.toContain(fresh.id);

    // The contact page carries the same count: attempt 2 of 5; a customer has none.
    expect((await api.get(`/api/contacts/${two.id}`)).body.attempts).toBe(2);
    expect((await api.get(`/api/contacts/${answered.id}`)).body.attempts).toBe(1);
    expect((await api.get(`/api/contacts/${customer.id}`)).body.attempts).toBeNull();
    // So do Today's rows ("attempt 2 of 5"), on a day when every one of them is due.
    const asOf = new Date(Date.now() + 40 * DAY).toISOString().slice(0, 10);
    const today = (await api.get(`/api/today?owner=all&asOf=${asOf}&limit=100`)).body;
    const onToday = (id: string) =>
      today.items.find((i: { contact: { id: string } }) => i.contact.id === id)?.attempts;
    expect([never, two, answered, five, customer].map((c) => onToday(c.id))).toEqual([0, 2, 1, 5, null]);

    const mine = (await apiAs(t.app, ben.token).get('/api/reports/persistence?owner=me')).body;
    expect(mine.leads).toBe(2);
    expect(mine.stalled).toEqual([]);
    expect((await api.get('/api/reports/persistence?owner=not-a-user')).status).toBe(400);
  });

  it('counts from when a contact became an open lead, not from touches it had as a customer', async () => {
    const back = await buildContact(t.store.db, ann.workspaceId, {
      firstName: 'Back',
      stage: 'customer',
      ownerId: ann.userId,
      createdAt: new Date(Date.now() - 200 * DAY),
    });
    await log(back.id, 60);
    await log(back.id, 50);
    expect((await api.get(`/api/contacts/${back.id}`)).body.attempts).toBeNull();
    expect((await api.patch(`/api/contacts/${back.id}`, { stage: 'lead' })).status).toBe(200);
    expect((await api.get(`/api/contacts/${back.id}`)).body.attempts).toBe(0);
    await log(back.id, 0);
    expect((await api.get(`/api/contacts/${back.id}`)).body.attempts).toBe(1);
    // Moving between open stages keeps the count; leaving them and coming back starts it again.
    await api.patch(`/api/contacts/${back.id}`, { stage: 'opportunity' });
    expect((await api.get(`/api/contacts/${back.id}`)).body.attempts).toBe(1);
    await api.post('/api/contacts/bulk', { ids: [back.id], set: { stage: 'lost' } });
    await api.post('/api/contacts/bulk', { ids: [back.id], set: { stage: 'lead' } });
    expect((await api.get(`/api/contacts/${back.id}`)).body.attempts).toBe(0);
  });
});
