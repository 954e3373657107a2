import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayUtc } from '../../shared/dates.ts';
import { openTestStore, type TestStore } from '../../test/test-store.ts';
import { auditLog } from '../audit/schema.ts';
import { buildTier } from '../cadence/factories.ts';
import { buildContact } from '../contacts/factories.ts';
import { contacts } from '../contacts/schema.ts';
import { buildUser, type TestUser } from '../workspaces/factories.ts';
import { recordTouches, type TouchItem } from './record-touches.ts';
import { interactions, nextSteps } from './schema.ts';
import { classifyTouch } from './touch-rule.ts';

let store: TestStore;
let user: TestUser;
beforeAll(async () => {
  store = await openTestStore();
  user = await buildUser(store.db);
});
afterAll(() => store.close());

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000);
const item = (contactIds: string[], extra: Partial<TouchItem> = {}): TouchItem => ({
  kind: 'email',
  direction: 'in',
  occurredAt: daysAgo(1),
  summary: 'Re: the proposal',
  source: 'sync',
  contactIds,
  ...extra,
});
const record = (items: TouchItem[]) =>
  recordTouches({ db: store.db, workspaceId: user.workspaceId, actorId: user.userId, items });
const stateOf = async (id: string) => {
  const [row] = await store.db
    .select({
      lastTouchAt: contacts.lastTouchAt,
      nextDueOn: contacts.nextDueOn,
      dueReason: contacts.dueReason,
    })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, user.workspaceId), eq(contacts.id, id)));
  return row!;
};

describe('what counts as a touch (touch-rule.ts)', () => {
  it('classifies notes, auto-replies, bulk and internal mail apart from real touches', () => {
    expect(classifyTouch({ kind: 'call', direction: 'out' })).toBe('touch');
    expect(classifyTouch({ kind: 'email', direction: 'in', signals: { autoSubmitted: 'no' } })).toBe('touch');
    expect(classifyTouch({ kind: 'note', direction: 'out' })).toBe('note');
    expect(
      classifyTouch({ kind: 'email', direction: 'in', signals: { autoSubmitted: 'auto-replied' } }),
    ).toBe('auto_reply');
    expect(
      classifyTouch({ kind: 'email', direction: 'in', signals: { autoSubmitted: ' Auto-Generated ' } }),
    ).toBe('auto_reply');
    expect(classifyTouch({ kind: 'email', direction: 'in', signals: { precedence: 'Bulk' } })).toBe('bulk');
    expect(classifyTouch({ kind: 'email', direction: 'in', signals: { precedence: 'list' } })).toBe('bulk');
    expect(classifyTouch({ kind: 'email', direction: 'in', signals: { listId: '<news.example.com>' } })).toBe(
      'bulk',
    );
    expect(classifyTouch({ kind: 'email', direction: 'out', signals: { internal: true } })).toBe('internal');
  });
});

describe('recordTouches: the one path for interactions', () => {
  it('records a batch in one go: timeline for all, cadence only for real touches', async () => {
    const tier = await buildTier(store.db, user.workspaceId, { intervalDays: 30 });
    const [ada, bo] = [
      await buildContact(store.db, user.workspaceId, { tierId: tier.id }),
      await buildContact(store.db, user.workspaceId, { tierId: tier.id }),
    ];
    const results = await record([
      item([ada!.id], { occurredAt: daysAgo(10), summary: 'Real reply' }),
      item([ada!.id], {
        occurredAt: daysAgo(2),
        summary: 'Out of office',
        signals: { autoSubmitted: 'auto-replied' },
      }),
      item([bo!.id], {
        occurredAt: daysAgo(3),
        summary: 'Newsletter',
        signals: { listId: '<list.example>' },
      }),
      item([bo!.id], { occurredAt: daysAgo(1), summary: 'Teammate cc', signals: { internal: true } }),
    ]);
    expect(results.map((r) => r.interaction.touchClass)).toEqual(['touch', 'auto_reply', 'bulk', 'internal']);
    expect(results.every((r) => !r.duplicate)).toBe(true);
    // Only the real reply moved Ada; nothing moved Bo, who stays never contacted.
    expect((await stateOf(ada!.id)).lastTouchAt?.toISOString()).toBe(
      results[0]!.interaction.occurredAt.toISOString(),
    );
    expect(await stateOf(bo!.id)).toMatchObject({ lastTouchAt: null, dueReason: 'never_contacted' });
    // One audit entry for the batch, not one per item.
    const audits = await store.db
      .select({ changes: auditLog.changes })
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, user.workspaceId), eq(auditLog.entity, 'interaction')));
    expect(audits).toEqual([{ changes: { count: 4, sources: ['sync'], contacts: 2 } }]);
  });

  it('records an externalId once, across runs and within a batch, and answers with the first', async () => {
    const ada = await buildContact(store.db, user.workspaceId);
    const first = await record([item([ada.id], { externalId: '<m1@example.com>' })]);
    const again = await record([
      item([ada.id], { externalId: '<m1@example.com>', summary: 'changed' }),
      item([ada.id], { externalId: '<m2@example.com>' }),
      item([ada.id], { externalId: '<m2@example.com>', summary: 'twice in one batch' }),
    ]);
    expect(again.map((r) => r.duplicate)).toEqual([true, false, true]);
    expect(again[0]!.interaction.id).toBe(first[0]!.interaction.id);
    expect(again[0]!.interaction.summary).toBe('Re: the proposal');
    expect(again[2]!.interaction.id).toBe(again[1]!.interaction.id);
    expect(again[0]!.contactIds).toEqual([ada.id]);
    const [stored] = await store.db
      .select({ n: count() })
      .from(interactions)
      .where(eq(interactions.workspaceId, user.workspaceId));
    expect(stored!.n).toBeGreaterThanOrEqual(2);
    const mine = await store.db
      .select({ id: interactions.id })
      .from(interactions)
      .where(and(eq(interactions.workspaceId, user.workspaceId), eq(interactions.source, 'sync')));
    expect(new Set(mine.map((m) => m.id)).size).toBe(mine.length);
  });

  it('completes the steps an outbound touch made happen, adds planned steps, and refreshes once', async () => {
    const ada = await buildContact(store.db, user.workspaceId, { intervalDays: 14 });
    const [due] = await store.db
      .insert(nextSteps)
      .values({
        workspaceId: user.workspaceId,
        contactId: ada.id,
        action: 'Send deck',
        dueOn: addDays(todayUtc(), -2),
      })
      .returning();
    const [later] = await store.db
      .insert(nextSteps)
      .values({
        workspaceId: user.workspaceId,
        contactId: ada.id,
        action: 'Renewal',
        dueOn: addDays(todayUtc(), 20),
      })
      .returning();
    const [result] = await record([
      item([ada.id], {
        direction: 'out',
        occurredAt: daysAgo(0),
        nextStep: { action: 'Follow up', dueOn: addDays(todayUtc(), 5) },
      }),
    ]);
    expect(result!.completedStepIds).toEqual([due!.id]);
    expect(result!.nextSteps.map((s) => [s.action, s.dueOn, s.interactionId])).toEqual([
      ['Follow up', addDays(todayUtc(), 5), result!.interaction.id],
    ]);
    expect(await stateOf(ada.id)).toMatchObject({
      nextDueOn: addDays(todayUtc(), 5),
      dueReason: 'next_step',
    });
    const open = await store.db
      .select({ id: nextSteps.id })
      .from(nextSteps)
      .where(and(eq(nextSteps.workspaceId, user.workspaceId), eq(nextSteps.contactId, ada.id)));
    expect(open.map((s) => s.id)).toContain(later!.id);
  });

  it('refuses a contact of another workspace, naming the field, and writes nothing', async () => {
    const other = await buildUser(store.db);
    const theirs = await buildContact(store.db, other.workspaceId);
    const mine = await buildContact(store.db, user.workspaceId);
    const before = await store.db.select({ n: count() }).from(interactions);
    await expect(record([item([mine.id]), item([theirs.id])])).rejects.toMatchObject({
      code: 'not_found',
      fields: [{ field: 'body.contactIds', message: 'not found' }],
    });
    expect(await store.db.select({ n: count() }).from(interactions)).toEqual(before);
  });

  it('records 2,000 touches in a batch with a handful of statements', async () => {
    const people: { id: string }[] = [];
    for (let i = 0; i < 20; i++)
      people.push(await buildContact(store.db, user.workspaceId, { intervalDays: 30 }));
    const items = Array.from({ length: 2000 }, (_, i) =>
      item([people[i % 20]!.id], { occurredAt: daysAgo(i / 100), externalId: `<bulk-${i}@example.com>` }),
    );
    const statements: string[] = [];
    const counting = new Proxy(store.db, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        if (key === 'execute' || key === 'select' || key === 'insert' || key === 'update') {
          return (...args: unknown[]) => {
            statements.push(String(key));
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        return value;
      },
    });
    const results = await recordTouches({
      db: counting,
      workspaceId: user.workspaceId,
      actorId: null,
      items,
    });
    expect(results).toHaveLength(2000);
    expect(statements.length).toBeLessThan(15);
    // Each contact's last touch is the newest of its 100 items (item i is i/100 days old).
    for (const k of [0, 7, 19]) {
      const stored = (await stateOf(people[k]!.id)).lastTouchAt;
      expect(stored?.toISOString()).toBe(items[k]!.occurredAt.toISOString());
    }
  });
});

describe('one email is one interaction, whichever way it arrives', () => {
  it('records a Message-ID once across sources, and a duplicate gains the contacts it lacked', async () => {
    const ada = await buildContact(store.db, user.workspaceId, { firstName: 'Ada' });
    const ben = await buildContact(store.db, user.workspaceId, { firstName: 'Ben' });
    const mail = { messageId: '<once@mail.test>', externalId: '<once@mail.test>', occurredAt: daysAgo(3) };
    const [first] = await record([item([ada.id], { ...mail, source: 'dropbox' })]);
    const [again] = await record([item([ada.id, ben.id], { ...mail, source: 'sync' })]);
    expect(first?.duplicate).toBe(false);
    expect(again?.duplicate).toBe(true);
    expect(again?.interaction.id).toBe(first?.interaction.id);
    expect(again?.contactIds.sort()).toEqual([ada.id, ben.id].sort());
    const [stored] = await store.db
      .select({ n: count() })
      .from(interactions)
      .where(and(eq(interactions.workspaceId, user.workspaceId), eq(interactions.messageId, mail.messageId)));
    expect(stored?.n).toBe(1);
    // The contact it gained counts it as its touch.
    expect((await stateOf(ben.id)).lastTouchAt?.toISOString()).toBe(mail.occurredAt.toISOString());
  });

  it('records the same Message-ID twice in one batch once', async () => {
    const cy = await buildContact(store.db, user.workspaceId, { firstName: 'Cy' });
    const twice = { messageId: '<twice@mail.test>', externalId: '<twice@mail.test>' };
    const results = await record([item([cy.id], twice), item([cy.id], { ...twice, source: 'dropbox' })]);
    expect(results.map((r) => r.duplicate)).toEqual([false, true]);
    expect(results[1]?.interaction.id).toBe(results[0]?.interaction.id);
  });
});
