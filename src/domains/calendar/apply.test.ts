import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../../test/test-store.ts';
import { buildContact } from '../contacts/factories.ts';
import { contactEmails, contacts } from '../contacts/schema.ts';
import { interactionContacts, interactions, nextSteps } from '../interactions/schema.ts';
import { buildUser, type TestUser } from '../workspaces/factories.ts';
import { applyCalendar } from './apply.ts';
import { calendar, icsTime, isoDay, vevent } from './fixtures.ts';

let store: TestStore;
let user: TestUser;
let teammate: TestUser;
beforeAll(async () => {
  store = await openTestStore();
  user = await buildUser(store.db, { workspace: 'Calendar A' });
  teammate = await buildUser(store.db, { workspace: 'Calendar A', role: 'member' });
});
afterAll(() => store.close());

/** The counts of applying a calendar (the events it planned are checked through the steps themselves). */
const apply = async (text: string) => {
  const { plannedUids: _planned, ...counts } = await applyCalendar({
    db: store.db,
    workspaceId: user.workspaceId,
    actorId: user.userId,
    text,
  });
  return counts;
};
const contact = (email: string) => buildContact(store.db, user.workspaceId, { email });
const meetingsOf = (contactId: string) =>
  store.db
    .select({ externalId: interactions.externalId, kind: interactions.kind, source: interactions.source })
    .from(interactionContacts)
    .innerJoin(
      interactions,
      and(
        eq(interactions.workspaceId, interactionContacts.workspaceId),
        eq(interactions.id, interactionContacts.interactionId),
      ),
    )
    .where(
      and(
        eq(interactionContacts.workspaceId, user.workspaceId),
        eq(interactionContacts.contactId, contactId),
      ),
    )
    .orderBy(interactions.occurredAt);
const openStepsOf = (contactId: string) =>
  store.db
    .select({ action: nextSteps.action, dueOn: nextSteps.dueOn, externalId: nextSteps.externalId })
    .from(nextSteps)
    .where(
      and(
        eq(nextSteps.workspaceId, user.workspaceId),
        eq(nextSteps.contactId, contactId),
        isNull(nextSteps.doneAt),
      ),
    );
const dueOf = async (contactId: string) => {
  const [row] = await store.db
    .select({
      nextDueOn: contacts.nextDueOn,
      dueReason: contacts.dueReason,
      lastTouchAt: contacts.lastTouchAt,
    })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, user.workspaceId), eq(contacts.id, contactId)));
  return row!;
};

describe('applyCalendar', () => {
  it('logs a past meeting as a touch, once, matched by attendee or organizer', async () => {
    const ada = await contact('ada@calendar.test');
    const bo = await contact('Bo@Calendar.test');
    const ics = calendar(
      vevent({
        uid: 'past-1@test',
        start: icsTime(-3),
        emails: ['ADA@calendar.test', user.email],
        organizer: 'bo@calendar.test',
      }),
    );
    expect(await apply(ics)).toEqual({ events: 1, logged: 1, nextSteps: 0, duplicates: 0, skipped: 0 });
    expect(await meetingsOf(ada.id)).toEqual([
      { externalId: 'past-1@test', kind: 'meeting', source: 'calendar' },
    ]);
    expect(await meetingsOf(bo.id)).toHaveLength(1);
    expect((await dueOf(ada.id)).lastTouchAt?.toISOString().slice(0, 10)).toBe(isoDay(-3));

    expect(await apply(ics)).toEqual({ events: 1, logged: 0, nextSteps: 0, duplicates: 1, skipped: 0 });
    expect(await meetingsOf(ada.id)).toHaveLength(1);
  });

  it('plans a future meeting as a next step the contact waits for, moves it, and removes it when cancelled', async () => {
    const cy = await contact('cy@calendar.test');
    const event = { uid: 'future-1@test', summary: 'Demo', emails: ['cy@calendar.test'] };
    const first = await apply(calendar(vevent({ ...event, start: icsTime(5) })));
    expect(first).toEqual({ events: 1, logged: 0, nextSteps: 1, duplicates: 0, skipped: 0 });
    expect(await openStepsOf(cy.id)).toEqual([
      { action: 'Meeting: Demo', dueOn: isoDay(5), externalId: 'future-1@test' },
    ]);
    expect(await dueOf(cy.id)).toMatchObject({ nextDueOn: isoDay(5), dueReason: 'next_step' });

    expect((await apply(calendar(vevent({ ...event, start: icsTime(5) })))).duplicates).toBe(1);
    const moved = await apply(calendar(vevent({ ...event, start: icsTime(8) })));
    expect(moved).toMatchObject({ nextSteps: 1, duplicates: 0 });
    expect(await openStepsOf(cy.id)).toEqual([
      { action: 'Meeting: Demo', dueOn: isoDay(8), externalId: 'future-1@test' },
    ]);
    expect((await dueOf(cy.id)).nextDueOn).toBe(isoDay(8));

    const cancelled = await apply(calendar(vevent({ ...event, start: icsTime(8), status: 'CANCELLED' })));
    expect(cancelled).toEqual({ events: 1, logged: 0, nextSteps: 0, duplicates: 0, skipped: 1 });
    expect(await openStepsOf(cy.id)).toEqual([]);
    expect(await dueOf(cy.id)).toMatchObject({ dueReason: null, nextDueOn: null }); // no tier, no step
  });

  it('expands a weekly series: past occurrences without the EXDATE, the moved one where it went, the next one', async () => {
    const di = await contact('di@calendar.test');
    const series = vevent({
      uid: 'weekly@test',
      summary: 'Weekly sync',
      start: icsTime(-20),
      rrule: 'FREQ=WEEKLY;COUNT=10',
      exdate: icsTime(-13),
      emails: ['di@calendar.test'],
    });
    const movedOne = vevent({
      uid: 'weekly@test',
      summary: 'Weekly sync (moved)',
      recurrenceId: icsTime(-6),
      start: icsTime(-5, 15),
      emails: ['di@calendar.test'],
    });
    const ics = calendar(series, movedOne);
    expect(await apply(ics)).toEqual({ events: 3, logged: 2, nextSteps: 1, duplicates: 0, skipped: 0 });
    const iso = (days: number) =>
      new Date(
        Date.parse(icsTime(days).replace(/(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z/, '$1-$2-$3T$4:$5:$6Z')),
      ).toISOString();
    expect(await meetingsOf(di.id)).toEqual([
      { externalId: `weekly@test/${iso(-20)}`, kind: 'meeting', source: 'calendar' },
      { externalId: `weekly@test/${iso(-6)}`, kind: 'meeting', source: 'calendar' },
    ]);
    expect(await openStepsOf(di.id)).toEqual([
      { action: 'Meeting: Weekly sync', dueOn: isoDay(1), externalId: 'weekly@test' },
    ]);

    expect(await apply(ics)).toEqual({ events: 3, logged: 0, nextSteps: 0, duplicates: 3, skipped: 0 });
    expect(await meetingsOf(di.id)).toHaveLength(2);
    expect(await openStepsOf(di.id)).toHaveLength(1);
  });

  it('skips a meeting among teammates only, and one with an unknown attendee, creating no contact', async () => {
    await contact(teammate.email.toUpperCase());
    const before = await store.db
      .select({ email: contactEmails.email })
      .from(contactEmails)
      .where(eq(contactEmails.workspaceId, user.workspaceId));
    const ics = calendar(
      vevent({
        uid: 'team@test',
        start: icsTime(-2),
        emails: [user.email, teammate.email],
        organizer: user.email,
      }),
      vevent({ uid: 'stranger@test', start: icsTime(-2), emails: ['nobody@elsewhere.test'] }),
      vevent({ uid: 'stranger-next@test', start: icsTime(2), emails: ['nobody@elsewhere.test'] }),
    );
    expect(await apply(ics)).toEqual({ events: 3, logged: 0, nextSteps: 0, duplicates: 0, skipped: 3 });
    const after = await store.db
      .select({ email: contactEmails.email })
      .from(contactEmails)
      .where(eq(contactEmails.workspaceId, user.workspaceId));
    expect(after).toHaveLength(before.length);
  });

  it('refuses a file that is not iCalendar, naming body.file', async () => {
    await expect(apply('Name,Email\nA,a@b.test\n')).rejects.toMatchObject({
      code: 'validation_failed',
      fields: [{ field: 'body.file' }],
    });
  });
});
