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

describe('POST /api/interactions: the due engine', () => {
  it('logs a call that moves lastTouchAt and nextDueAt (touch date + tier interval)', async () => {
    const contact = await tiered({ intervalDays: 14 });
    const day = dayOffset(-3);
    const before = await rowCounts(t.store.db, owner.workspaceId);
    const res = await call([contact.id], { occurredAt: day.at });
    expect(res.status).toBe(201);
    expect(await rowCounts(t.store.db, owner.workspaceId)).toEqual({
      ...before,
      interactions: before.interactions + 1,
      interactionContacts: before.interactionContacts + 1,
      audit: before.audit + 1,
    });
    expect(res.body.duplicate).toBe(false);
    expect(res.body.interaction).toMatchObject({
      kind: 'call',
      direction: 'out',
      source: 'api',
      summary: 'Caught up',
      occurredAt: day.at,
      createdBy: owner.userId,
      contacts: [{ id: contact.id, name: `${contact.firstName} ${contact.lastName}` }],
    });
    expect(dueOf(res, contact.id)).toEqual({
      id: contact.id,
      lastTouchAt: day.at,
      nextDueAt: addDays(day.date, 14),
      dueReason: 'cadence',
      overdueDays: 0,
    });
    const stored = await api().get(`/api/interactions/${res.body.interaction.id}`);
    expect(stored.status).toBe(200);
    expect(stored.body).toEqual(res.body.interaction);
  });

  it('does not count a note as a touch', async () => {
    const contact = await tiered({ intervalDays: 14 });
    const res = await api().post('/api/interactions', {
      contactIds: [contact.id],
      kind: 'note',
      summary: 'Prefers mornings',
    });
    expect(res.status).toBe(201);
    expect(res.body.nextStepMissing).toBe(false);
    expect(dueOf(res, contact.id)).toMatchObject({ lastTouchAt: null, dueReason: 'never_contacted' });
  });

  it('keeps an auto-reply, bulk mail and mail between teammates on the timeline without moving the cadence', async () => {
    const contact = await tiered({ intervalDays: 14 });
    const signals = [
      { autoSubmitted: 'auto-replied' },
      { precedence: 'bulk' },
      { listId: '<x.example>' },
      { internal: true },
    ];
    for (const s of signals) {
      const res = await api().post('/api/interactions', {
        contactIds: [contact.id],
        kind: 'email',
        direction: 'in',
        summary: 'Automatic',
        signals: s,
      });
      expect(res.status).toBe(201);
      expect(res.body.interaction.touchClass).not.toBe('touch');
      expect(dueOf(res, contact.id)).toMatchObject({ lastTouchAt: null, dueReason: 'never_contacted' });
    }
    const real = await api().post('/api/interactions', {
      contactIds: [contact.id],
      kind: 'email',
      direction: 'in',
      summary: 'A real reply',
      signals: { autoSubmitted: 'no' },
    });
    expect(real.body.interaction.touchClass).toBe('touch');
    expect(dueOf(real, contact.id).dueReason).toBe('cadence');
    const timeline = await api().get(`/api/contacts/${contact.id}/timeline`);
    expect(timeline.body.items).toHaveLength(5);
  });

  it('never moves lastTouchAt backwards for a back-dated call', async () => {
    const contact = await tiered({ intervalDays: 14 });
    const recent = dayOffset(-2);
    await call([contact.id], { occurredAt: recent.at });
    const old = await call([contact.id], { occurredAt: dayOffset(-40).at });
    expect(old.status).toBe(201);
    expect(dueOf(old, contact.id)).toMatchObject({
      lastTouchAt: recent.at,
      nextDueAt: addDays(recent.date, 14),
    });
  });

  it('lets a next step win over cadence, and returns to cadence when the step is done', async () => {
    const contact = await tiered({ intervalDays: 14 });
    const stepDay = dayOffset(5).date;
    const res = await call([contact.id], { nextStep: { action: 'Send the proposal', dueAt: stepDay } });
    expect(res.status).toBe(201);
    expect(res.body.nextStepMissing).toBe(false);
    expect(res.body.nextSteps).toEqual([
      expect.objectContaining({
        contactId: contact.id,
        action: 'Send the proposal',
        dueAt: stepDay,
        done: false,
        doneAt: null,
        interactionId: res.body.interaction.id,
      }),
    ]);
    expect(dueOf(res, contact.id)).toMatchObject({ nextDueAt: stepDay, dueReason: 'next_step' });

    const done = await api().patch(`/api/next-steps/${res.body.nextSteps[0].id}`, { done: true });
    expect(done.status).toBe(200);
    expect(done.body.done).toBe(true);
    expect(Date.parse(done.body.doneAt)).toBeGreaterThan(Date.now() - 60_000);
    const after = await api().post('/api/interactions', {
      contactIds: [contact.id],
      kind: 'note',
      summary: 'x',
    });
    expect(dueOf(after, contact.id)).toMatchObject({
      nextDueAt: addDays(dayOffset(0).date, 14),
      dueReason: 'cadence',
    });
  });

  it('completes open steps due on or before an outbound touch, keeps later ones and ignores inbound', async () => {
    const contact = await tiered({ intervalDays: 30 });
    const steps = async (dueAt: string) =>
      (await api().post('/api/next-steps', { contactId: contact.id, action: `Due ${dueAt}`, dueAt })).body;
    const overdue = await steps(dayOffset(-2).date);
    const today = await steps(dayOffset(0).date);
    const later = await steps(dayOffset(6).date);

    const inbound = await call([contact.id], { direction: 'in' });
    expect(dueOf(inbound, contact.id)).toMatchObject({ nextDueAt: overdue.dueAt, overdueDays: 2 });
    const note = await api().post('/api/interactions', {
      contactIds: [contact.id],
      kind: 'note',
      summary: 'n',
    });
    expect(dueOf(note, contact.id).nextDueAt).toBe(overdue.dueAt);

    const out = await api().post('/api/interactions', {
      contactIds: [contact.id],
      kind: 'email',
      summary: 'Sent it',
    });
    expect(dueOf(out, contact.id)).toMatchObject({ nextDueAt: later.dueAt, dueReason: 'next_step' });
    const open = await api().get(`/api/next-steps?contactId=${contact.id}`);
    expect(open.body.items.map((s: { id: string }) => s.id)).toEqual([later.id]);
    const done = await api().get(`/api/next-steps?contactId=${contact.id}&status=done`);
    expect(done.body.items.map((s: { id: string }) => s.id).sort()).toEqual([overdue.id, today.id].sort());
  });

  it('touches every contact of a multi-contact interaction and gives each a next step', async () => {
    const a = await tiered({ intervalDays: 7 });
    const b = await tiered({ intervalDays: 21 });
    const day = dayOffset(-1);
    const dueAt = dayOffset(10).date;
    const res = await api().post('/api/interactions', {
      contactIds: [a.id, b.id, a.id],
      kind: 'meeting',
      occurredAt: day.at,
      summary: 'Workshop',
      nextStep: { action: 'Share slides', dueAt },
    });
    expect(res.status).toBe(201);
    expect(res.body.interaction.contacts).toHaveLength(2);
    expect(res.body.nextSteps.map((s: { contactId: string }) => s.contactId).sort()).toEqual(
      [a.id, b.id].sort(),
    );
    for (const id of [a.id, b.id]) {
      expect(dueOf(res, id)).toMatchObject({ lastTouchAt: day.at, nextDueAt: dueAt, dueReason: 'next_step' });
    }
  });

  it('flags a call or meeting without a next step, but not other kinds', async () => {
    const contact = await tiered();
    expect((await call([contact.id])).body.nextStepMissing).toBe(true);
    const meeting = await api().post('/api/interactions', {
      contactIds: [contact.id],
      kind: 'meeting',
      summary: 'Lunch',
    });
    expect(meeting.body.nextStepMissing).toBe(true);
    const email = await api().post('/api/interactions', {
      contactIds: [contact.id],
      kind: 'email',
      summary: 'Hi',
    });
    expect(email.body.nextStepMissing).toBe(false);
  });

  it('refuses a call without a next step when a tier requires one (422), writing nothing', async () => {
    const plain = await tiered();
    const key = await tiered({ name: 'A key', requireNextStep: true });
    const before = await rowCounts(t.store.db, owner.workspaceId);
    const res = await call([plain.id, key.id]);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('next_step_required');
    expect(res.body.error.message).toBe(
      'Tier "A key" requires a next step after a call: add nextStep {action, dueAt}',
    );
    expect(res.body.error.fields[0].field).toBe('body.nextStep');
    expect(await rowCounts(t.store.db, owner.workspaceId)).toEqual(before);
    const email = await api().post('/api/interactions', {
      contactIds: [key.id],
      kind: 'email',
      summary: 'ok',
    });
    expect(email.status).toBe(201);
    const withStep = await call([key.id], { nextStep: { action: 'Follow up', dueAt: dayOffset(3).date } });
    expect(withStep.status).toBe(201);
  });

  it('dedupes by source and externalId: 200 with the first interaction, nothing written', async () => {
    const contact = await tiered();
    const body = {
      contactIds: [contact.id],
      kind: 'email',
      summary: 'Re: pricing',
      source: 'sync',
      externalId: '<abc@mail.example>',
    };
    const first = await api().post('/api/interactions', body);
    expect(first.status).toBe(201);
    const before = await rowCounts(t.store.db, owner.workspaceId);
    const again = await api().post('/api/interactions', { ...body, summary: 'changed' });
    expect(again.status).toBe(200);
    expect(again.body.duplicate).toBe(true);
    expect(again.body.interaction).toEqual(first.body.interaction);
    expect(await rowCounts(t.store.db, owner.workspaceId)).toEqual(before);
    const otherSource = await api().post('/api/interactions', { ...body, source: 'import' });
    expect(otherSource.status).toBe(201);
  });

  it('defaults source to manual for a signed-in user', async () => {
    const contact = await tiered();
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: owner.email, password: owner.password },
    });
    const cookie = login.cookies.find((c) => c.name === 'kith_session')!.value;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/interactions',
      cookies: { kith_session: cookie },
      payload: { contactIds: [contact.id], kind: 'letter', summary: 'Thank-you card' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().interaction.source).toBe('manual');
  });
});

describe('POST /api/interactions: rejections write nothing', () => {
  it('rejects bad input with 400 naming the field', async () => {
    const contact = await tiered();
    const before = await rowCounts(t.store.db, owner.workspaceId);
    const cases: [Record<string, unknown>, string][] = [
      [{ contactIds: [] }, 'body.contactIds'],
      [{ contactIds: ['nope'] }, 'body.contactIds.0'],
      [{ kind: 'fax' }, 'body.kind'],
      [{ summary: '' }, 'body.summary'],
      [{ summary: 'x'.repeat(501) }, 'body.summary'],
      [{ occurredAt: '2026-01-01T10:00:00' }, 'body.occurredAt'],
      [{ occurredAt: new Date(Date.now() + 10 * 60_000).toISOString() }, 'body.occurredAt'],
      [{ nextStep: { action: 'x', dueAt: '2026-13-01' } }, 'body.nextStep.dueAt'],
      [{ source: 'carrier-pigeon' }, 'body.source'],
    ];
    for (const [patch, field] of cases) {
      const res = await call([contact.id], patch);
      expect(res.status, field).toBe(400);
      expect(res.body.error.fields[0].field, JSON.stringify(patch)).toBe(field);
    }
    expect(await rowCounts(t.store.db, owner.workspaceId)).toEqual(before);
  });

  it('accepts a time a few seconds ahead (clock drift) and any back-dated time', async () => {
    const contact = await tiered();
    const ahead = await call([contact.id], { occurredAt: new Date(Date.now() + 60_000).toISOString() });
    expect(ahead.status).toBe(201);
    const old = await call([contact.id], { occurredAt: '2019-05-01T09:30:00+02:00' });
    expect(old.status).toBe(201);
    expect(old.body.interaction.occurredAt).toBe('2019-05-01T07:30:00.000Z');
  });

  it('answers 404 naming body.contactIds for an unknown or other-workspace contact', async () => {
    const mine = await tiered();
    const theirs = await buildContact(t.store.db, stranger.workspaceId);
    const before = await rowCounts(t.store.db, owner.workspaceId);
    const res = await call([mine.id, theirs.id]);
    expect(res.status).toBe(404);
    expect(res.body.error.fields[0].field).toBe('body.contactIds');
    expect(res.body.error.message).toContain(theirs.id);
    expect(await rowCounts(t.store.db, owner.workspaceId)).toEqual(before);
  });

  it('answers 401 without a credential and 403 to a viewer', async () => {
    const contact = await tiered();
    const before = await rowCounts(t.store.db, owner.workspaceId);
    const body = { contactIds: [contact.id], kind: 'call', summary: 'x' };
    expect((await apiAs(t.app).post('/api/interactions', body)).status).toBe(401);
    expect((await apiAs(t.app, viewer.token).post('/api/interactions', body)).status).toBe(403);
    expect(await rowCounts(t.store.db, owner.workspaceId)).toEqual(before);
  });
});

describe('call outcomes, steps kept open, and undo', () => {
  it('logs a call that did not connect as an attempt: on the timeline, cadence unmoved', async () => {
    const contact = await tiered({ intervalDays: 14 });
    const res = await call([contact.id], {
      outcome: 'voicemail',
      durationMinutes: 1,
      nextStep: { action: 'Try again', dueAt: dayOffset(2).date },
    });
    expect(res.status).toBe(201);
    expect(res.body.interaction).toMatchObject({
      touchClass: 'attempt',
      outcome: 'voicemail',
      durationMinutes: 1,
    });
    expect(dueOf(res, contact.id)).toMatchObject({ lastTouchAt: null, dueReason: 'next_step' });
    const connected = await call([contact.id], {
      outcome: 'connected',
      durationMinutes: 25,
      nextStep: { action: 'Send quote', dueAt: dayOffset(3).date },
    });
    expect(connected.body.interaction.touchClass).toBe('touch');
    expect(dueOf(connected, contact.id).lastTouchAt).not.toBeNull();
    // Correcting the outcome later moves the cadence too.
    const fixed = await api().patch(`/api/interactions/${res.body.interaction.id}`, { outcome: 'connected' });
    expect(fixed.body.touchClass).toBe('touch');
    const refused = await api().post('/api/interactions', {
      contactIds: [contact.id],
      kind: 'email',
      summary: 'x',
      outcome: 'voicemail',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields[0].field).toBe('body.outcome');
  });

  it('leaves open the steps the user keeps, and completes the others due by then', async () => {
    const contact = await tiered({ intervalDays: 14 });
    const first = await api().post('/api/next-steps', {
      contactId: contact.id,
      action: 'Send deck',
      dueAt: dayOffset(-1).date,
    });
    const second = await api().post('/api/next-steps', {
      contactId: contact.id,
      action: 'Ask for intro',
      dueAt: dayOffset(-1).date,
    });
    await call([contact.id], {
      nextStep: { action: 'Follow up', dueAt: dayOffset(7).date },
      keepOpen: [second.body.id],
    });
    const open = await api().get(`/api/next-steps?contactId=${contact.id}`);
    expect(open.body.items.map((s: { action: string }) => s.action).sort()).toEqual([
      'Ask for intro',
      'Follow up',
    ]);
    expect(open.body.items.map((s: { id: string }) => s.id)).not.toContain(first.body.id);
  });

  it('undoes a logged call exactly: its steps gone, completed steps reopened, due state as before', async () => {
    const contact = await tiered({ intervalDays: 14 });
    await call([contact.id], {
      occurredAt: dayOffset(-20).at,
      nextStep: { action: 'Send deck', dueAt: dayOffset(-2).date },
    });
    const before = await api().get(`/api/contacts/${contact.id}`);
    const stepsBefore = await api().get(`/api/next-steps?contactId=${contact.id}&status=all`);
    const logged = await call([contact.id], {
      nextStep: { action: 'Book a demo', dueAt: dayOffset(5).date },
    });
    expect((await api().get(`/api/contacts/${contact.id}`)).body.nextDueAt).toBe(dayOffset(5).date);
    expect((await api().post(`/api/interactions/${logged.body.interaction.id}/undo`)).status).toBe(204);
    const after = await api().get(`/api/contacts/${contact.id}`);
    expect(after.body).toEqual({ ...before.body, updatedAt: after.body.updatedAt });
    const stepsAfter = await api().get(`/api/next-steps?contactId=${contact.id}&status=all`);
    const shape = (items: { id: string; done: boolean; action: string }[]) =>
      items.map(({ id, done, action }) => ({ id, done, action }));
    expect(shape(stepsAfter.body.items)).toEqual(shape(stepsBefore.body.items));
    expect((await api().get(`/api/interactions/${logged.body.interaction.id}`)).status).toBe(404);
  });
});
