import { and, eq, isNull, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryBuiltRows, queryRows, type Store } from '../../db/client.ts';
import { addDays, daysBetween, todayUtc } from '../../shared/dates.ts';
import { openTestStore } from '../../test/test-store.ts';
import { buildContact } from '../contacts/factories.ts';
import { contacts } from '../contacts/schema.ts';
import { interactionContacts, interactions, nextSteps } from '../interactions/schema.ts';
import { buildUser, type TestUser } from '../workspaces/factories.ts';
import { refreshDueState } from './due-state.ts';
import { buildTier } from './factories.ts';
import { NO_OWNER_KEY } from './schema.ts';
import { findToday } from './today.ts';
import { todayQuery } from './today-query.ts';

// The due engine's rules restated as a tiny reference model, and checked against the stored state
// after random sequences of writes. The model is the specification; due-state.ts is the implementation.

type Op =
  | { kind: 'touch'; daysAgo: number; touchClass: 'touch' | 'attempt' | 'note'; direction: 'in' | 'out' }
  | { kind: 'stage'; stage: 'lead' | 'opportunity' | 'customer' | 'lost' }
  | { kind: 'step'; inDays: number }
  | { kind: 'completeStep' }
  | { kind: 'snooze'; inDays: number | null }
  | { kind: 'flag'; field: 'doNotContact' | 'archived'; value: boolean };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('touch' as const),
    daysAgo: fc.integer({ min: 0, max: 400 }),
    touchClass: fc.constantFrom('touch' as const, 'attempt' as const, 'note' as const),
    direction: fc.constantFrom('in' as const, 'out' as const),
  }),
  fc.record({
    kind: fc.constant('stage' as const),
    stage: fc.constantFrom('lead' as const, 'opportunity' as const, 'customer' as const, 'lost' as const),
  }),
  fc.record({ kind: fc.constant('step' as const), inDays: fc.integer({ min: -30, max: 60 }) }),
  fc.record({ kind: fc.constant('completeStep' as const) }),
  fc.record({ kind: fc.constant('snooze' as const), inDays: fc.option(fc.integer({ min: -10, max: 40 })) }),
  fc.record({
    kind: fc.constant('flag' as const),
    field: fc.constantFrom('doNotContact' as const, 'archived' as const),
    value: fc.boolean(),
  }),
);

const setupArb = fc.record({
  tier: fc.constantFrom('none', 'cadence', 'noInterval', 'newsletter'),
  tierInterval: fc.integer({ min: 1, max: 120 }),
  override: fc.option(fc.integer({ min: 1, max: 120 }), { nil: null }),
  ops: fc.array(opArb, { minLength: 1, maxLength: 8 }),
  asOfOffset: fc.integer({ min: -30, max: 150 }),
});

type Model = {
  touches: Date[];
  /** Every interaction logged, for the attempt count. */
  logged: { at: Date; touchClass: 'touch' | 'attempt' | 'note'; direction: 'in' | 'out' }[];
  /** When the contact last became an open lead after being created in another stage, as stored. */
  leadSince: Date | null;
  createdAt: Date;
  steps: { id: string; dueOn: string; done: boolean }[];
  snoozedUntil: string | null;
  doNotContact: boolean;
  archived: boolean;
};

function expected(model: Model, interval: number | null, isNewsletter: boolean, createdOn: string) {
  const lastTouch = model.touches.length
    ? new Date(Math.max(...model.touches.map((d) => d.getTime())))
    : null;
  const open = model.steps
    .filter((s) => !s.done)
    .map((s) => s.dueOn)
    .sort();
  let nextDueOn: string | null = null;
  let reason: string | null = null;
  if (open[0]) [nextDueOn, reason] = [open[0], 'next_step'];
  else if (!isNewsletter && interval !== null) {
    nextDueOn = lastTouch ? addDays(lastTouch.toISOString().slice(0, 10), interval) : createdOn;
    reason = lastTouch ? 'cadence' : 'never_contacted';
  }
  const excluded = model.doNotContact || model.archived;
  const todayOn =
    excluded || !nextDueOn
      ? null
      : model.snoozedUntil && model.snoozedUntil > nextDueOn
        ? model.snoozedUntil
        : nextDueOn;
  // Attempts: outbound touches and attempts since the last inbound touch or since it became an open lead.
  const answers = model.logged.filter((l) => l.direction === 'in' && l.touchClass === 'touch');
  const anchor = Math.max(
    model.leadSince?.getTime() ?? model.createdAt.getTime(),
    ...answers.map((l) => l.at.getTime()),
  );
  const attempts = model.logged.filter(
    (l) => l.direction === 'out' && l.touchClass !== 'note' && l.at.getTime() > anchor,
  ).length;
  return {
    lastTouch,
    nextDueOn,
    reason,
    todayOn,
    isOrphan: !nextDueOn && !isNewsletter && !excluded,
    attempts,
  };
}

/** today_counts as stored, and as a recount of the contacts says it should be. */
async function countsOf(ws: string) {
  const order = 'order by owner_key, today_on';
  const stored = await queryRows(
    store.db,
    sql`select owner_key::text, today_on::text, contacts, due_that_day from today_counts
        where workspace_id = ${ws}::uuid ${sql.raw(order)}`,
  );
  const recounted = await queryRows(
    store.db,
    sql`select coalesce(owner_id, ${NO_OWNER_KEY}::uuid)::text as owner_key, today_on::text,
          count(*)::int as contacts, (count(*) filter (where next_due_on = today_on))::int as due_that_day
        from contacts where workspace_id = ${ws}::uuid and today_on is not null
        group by 1, 2 ${sql.raw(order)}`,
  );
  return { stored, recounted };
}

let store: Store;
let user: TestUser;
let tierIds: Record<'cadence' | 'noInterval' | 'newsletter', string>;

beforeAll(async () => {
  store = await openTestStore();
  user = await buildUser(store.db);
});
afterAll(() => store.close());

// Each property runs many cases, each on fresh rows; on a busy two-core machine one property takes most of
// the default 30 s, so these get more room. The cases and their checks are unchanged.
const PROPERTY_TIMEOUT = 120_000;

describe('due engine invariants (property-based)', { timeout: PROPERTY_TIMEOUT }, () => {
  it('stores exactly what the rules say after any sequence of writes, and Today agrees', async () => {
    const today = todayUtc();
    await fc.assert(
      fc.asyncProperty(setupArb, async (setup) => {
        const { db } = store;
        const ws = user.workspaceId;
        tierIds = {
          cadence: (await buildTier(db, ws, { intervalDays: setup.tierInterval, priority: 2 })).id,
          noInterval: (await buildTier(db, ws, { intervalDays: null })).id,
          newsletter: (await buildTier(db, ws, { intervalDays: setup.tierInterval, channel: 'newsletter' }))
            .id,
        };
        const tierId = setup.tier === 'none' ? null : tierIds[setup.tier];
        // Created before any touch the ops log, so every one of them counts towards the attempts.
        const c = await buildContact(db, ws, {
          tierId,
          intervalDays: setup.override,
          ownerId: user.userId,
          createdAt: new Date(Date.now() - 500 * 86_400_000),
        });
        const interval =
          setup.override ??
          (setup.tier === 'cadence' || setup.tier === 'newsletter' ? setup.tierInterval : null);
        const model: Model = {
          touches: [],
          logged: [],
          leadSince: null,
          createdAt: c.createdAt,
          steps: [],
          snoozedUntil: null,
          doNotContact: false,
          archived: false,
        };
        let lastSeenTouch: number | null = null;

        for (const op of setup.ops) {
          if (op.kind === 'touch') {
            const at = new Date(Date.now() - op.daysAgo * 86_400_000);
            const [row] = await db
              .insert(interactions)
              .values({
                workspaceId: ws,
                kind: op.touchClass === 'note' ? 'note' : 'call',
                touchClass: op.touchClass,
                direction: op.direction,
                occurredAt: at,
                summary: 'x',
              })
              .returning();
            await db.insert(interactionContacts).values({
              workspaceId: ws,
              interactionId: row!.id,
              contactId: c.id,
              occurredAt: at,
              isTouch: op.touchClass === 'touch',
            });
            if (op.touchClass === 'touch') model.touches.push(at);
            model.logged.push({ at, touchClass: op.touchClass, direction: op.direction });
          } else if (op.kind === 'stage') {
            const [row] = await db
              .update(contacts)
              .set({ stage: op.stage })
              .where(eq(contacts.id, c.id))
              .returning({ leadSince: contacts.leadSince, attempts: contacts.attempts });
            model.leadSince = row!.leadSince;
            // Moving into an open stage starts the count again, before any refresh.
            if (row!.leadSince && row!.leadSince.getTime() !== c.leadSince?.getTime()) {
              expect(row!.attempts).toBe(0);
            }
            c.leadSince = row!.leadSince;
          } else if (op.kind === 'step') {
            const dueOn = addDays(today, op.inDays);
            const [row] = await db
              .insert(nextSteps)
              .values({ workspaceId: ws, contactId: c.id, action: 'x', dueOn })
              .returning();
            model.steps.push({ id: row!.id, dueOn, done: false });
          } else if (op.kind === 'completeStep') {
            const step = model.steps.find((s) => !s.done);
            if (step) {
              await db
                .update(nextSteps)
                .set({ doneAt: new Date() })
                .where(
                  and(eq(nextSteps.workspaceId, ws), eq(nextSteps.id, step.id), isNull(nextSteps.doneAt)),
                );
              step.done = true;
            }
          } else if (op.kind === 'snooze') {
            model.snoozedUntil = op.inDays === null ? null : addDays(today, op.inDays);
            await db.update(contacts).set({ snoozedUntil: model.snoozedUntil }).where(eq(contacts.id, c.id));
          } else {
            model[op.field] = op.value;
            await db
              .update(contacts)
              .set({ [op.field]: op.value })
              .where(eq(contacts.id, c.id));
          }
          await refreshDueState({ db, workspaceId: ws, scope: { contactIds: [c.id] } });

          const [row] = await db
            .select()
            .from(contacts)
            .where(and(eq(contacts.workspaceId, ws), eq(contacts.id, c.id)));
          const want = expected(
            model,
            interval,
            setup.tier === 'newsletter',
            c.createdAt.toISOString().slice(0, 10),
          );
          expect(row!.lastTouchAt?.getTime() ?? null).toBe(want.lastTouch?.getTime() ?? null);
          expect(row!.nextDueOn).toBe(want.nextDueOn);
          expect(row!.dueReason).toBe(want.reason);
          expect(row!.todayOn).toBe(want.todayOn);
          expect(row!.isOrphan).toBe(want.isOrphan);
          expect(row!.attempts).toBe(want.attempts);
          // An older interaction never moves the last touch backwards.
          const seen = row!.lastTouchAt?.getTime() ?? null;
          if (lastSeenTouch !== null) expect(seen).not.toBeNull();
          if (lastSeenTouch !== null && seen !== null) expect(seen).toBeGreaterThanOrEqual(lastSeenTouch);
          lastSeenTouch = seen;
        }

        // Today on any date holds the contact exactly when its stored day has come.
        const asOf = addDays(today, setup.asOfOffset);
        const rows = await queryBuiltRows<{ id: string; overdue_days: number }>(
          db,
          todayQuery({ workspaceId: ws, asOf, ownerId: user.userId, viewerId: user.userId, limit: 10_000 }),
        );
        const mine = rows.find((r) => r.id === c.id);
        const [final] = await db.select().from(contacts).where(eq(contacts.id, c.id));
        const shouldShow = final!.todayOn !== null && final!.todayOn <= asOf;
        expect(Boolean(mine)).toBe(shouldShow);
        if (mine) expect(Number(mine.overdue_days)).toBe(daysBetween(final!.nextDueOn!, asOf));
        if (mine) expect(Number(mine.overdue_days)).toBeGreaterThanOrEqual(0);
        // Today's counts table follows every kind of write above.
        const counts = await countsOf(ws);
        expect(counts.stored).toEqual(counts.recounted);
      }),
      { numRuns: 60 },
    );
  });
});

describe("today_counts, Today's counts kept by triggers", () => {
  it('follows contacts inserted with their due state already set, and deleted in bulk', async () => {
    const owner = await buildUser(store.db);
    const ws = owner.workspaceId;
    const today = todayUtc();
    // One statement inserting several contacts on two days, one due on its day and one snoozed past it.
    await store.db.insert(contacts).values([
      { workspaceId: ws, firstName: 'A', ownerId: owner.userId, nextDueOn: today, todayOn: today },
      {
        workspaceId: ws,
        firstName: 'B',
        ownerId: owner.userId,
        nextDueOn: addDays(today, -3),
        todayOn: today,
      },
      {
        workspaceId: ws,
        firstName: 'C',
        ownerId: null,
        nextDueOn: addDays(today, -1),
        todayOn: addDays(today, -1),
      },
      { workspaceId: ws, firstName: 'D', ownerId: owner.userId },
    ]);
    let counts = await countsOf(ws);
    expect(counts.stored).toEqual(counts.recounted);
    expect(counts.stored).toHaveLength(2);
    await store.db.delete(contacts).where(eq(contacts.workspaceId, ws));
    counts = await countsOf(ws);
    expect(counts.stored).toEqual([]);
  });
});

describe('ranking invariants (property-based)', { timeout: PROPERTY_TIMEOUT }, () => {
  it('more overdue ranks higher within a tier; a more important tier ranks higher at the same ratio', async () => {
    const today = todayUtc();
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          interval: fc.integer({ min: 1, max: 90 }),
          overdueA: fc.integer({ min: 0, max: 200 }),
          overdueB: fc.integer({ min: 0, max: 200 }),
          priorities: fc.uniqueArray(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 2 }),
          readinessA: fc.integer({ min: 0, max: 5 }),
          readinessB: fc.integer({ min: 0, max: 5 }),
        }),
        async (p) => {
          const { db } = store;
          const owner = await buildUser(db);
          const ws = owner.workspaceId;
          const [p1, p2] = p.priorities as [number, number];
          const tierX = await buildTier(db, ws, { priority: p1, intervalDays: p.interval });
          const tierY = await buildTier(db, ws, { priority: p2, intervalDays: p.interval });
          const due = async (tierId: string, overdue: number, readiness: number) => {
            const c = await buildContact(db, ws, { tierId, ownerId: owner.userId, readiness });
            const at = new Date(`${addDays(today, -(p.interval + overdue))}T12:00:00Z`);
            const [row] = await db
              .insert(interactions)
              .values({ workspaceId: ws, kind: 'call', occurredAt: at, summary: 'x' })
              .returning();
            await db.insert(interactionContacts).values({
              workspaceId: ws,
              interactionId: row!.id,
              contactId: c.id,
              occurredAt: at,
              isTouch: true,
            });
            await refreshDueState({ db, workspaceId: ws, scope: { contactIds: [c.id] } });
            return c.id;
          };
          const a = await due(tierX.id, p.overdueA, p.readinessA);
          const b = await due(tierX.id, p.overdueB, p.readinessB);
          const sameRatioHigh = await due(tierX.id, p.overdueA, 0);
          const sameRatioLow = await due(tierY.id, p.overdueA, 0);
          const order = (
            await queryBuiltRows<{ id: string }>(
              db,
              todayQuery({
                workspaceId: ws,
                asOf: today,
                ownerId: owner.userId,
                viewerId: owner.userId,
                limit: 10,
              }),
            )
          ).map((r) => r.id);
          const rank = (id: string) => order.indexOf(id);
          if (p.overdueA > p.overdueB) expect(rank(a)).toBeLessThan(rank(b));
          if (p.overdueB > p.overdueA) expect(rank(b)).toBeLessThan(rank(a));
          if (p.overdueA === p.overdueB && p.readinessA !== p.readinessB) {
            expect(rank(a) < rank(b)).toBe(p.readinessA > p.readinessB);
          }
          expect(rank(sameRatioHigh) < rank(sameRatioLow)).toBe(p1 < p2);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('Today paging (property-based)', { timeout: PROPERTY_TIMEOUT }, () => {
  it('pages through exactly the brute-force ranking of the stored due state, for any page size', async () => {
    const today = todayUtc();
    const contactArb = fc.record({
      tier: fc.integer({ min: 0, max: 3 }), // 3 = no tier
      override: fc.option(fc.integer({ min: 1, max: 60 }), { nil: null }),
      touchedDaysAgo: fc.option(fc.integer({ min: 0, max: 120 }), { nil: null }),
      stepInDays: fc.option(fc.integer({ min: -20, max: 5 }), { nil: null }),
      snoozeInDays: fc.option(fc.integer({ min: -5, max: 10 }), { nil: null }),
      readiness: fc.integer({ min: 0, max: 5 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          contacts: fc.array(contactArb, { minLength: 1, maxLength: 25 }),
          tiers: fc.array(
            fc.record({
              priority: fc.integer({ min: 1, max: 5 }),
              interval: fc.option(fc.integer({ min: 1, max: 45 }), { nil: null }),
            }),
            { minLength: 3, maxLength: 3 },
          ),
          limit: fc.integer({ min: 1, max: 7 }),
          asOfOffset: fc.integer({ min: -5, max: 20 }),
        }),
        async (p) => {
          const { db } = store;
          const owner = await buildUser(db);
          const ws = owner.workspaceId;
          const tierRows = [];
          for (const t of p.tiers)
            tierRows.push(await buildTier(db, ws, { priority: t.priority, intervalDays: t.interval }));
          for (const spec of p.contacts) {
            const tier = spec.tier < 3 ? tierRows[spec.tier]! : null;
            const c = await buildContact(db, ws, {
              ownerId: owner.userId,
              tierId: tier?.id ?? null,
              intervalDays: spec.override,
              readiness: spec.readiness,
              snoozedUntil: spec.snoozeInDays === null ? null : addDays(today, spec.snoozeInDays),
            });
            if (spec.touchedDaysAgo !== null) {
              const at = new Date(`${addDays(today, -spec.touchedDaysAgo)}T10:00:00Z`);
              const [row] = await db
                .insert(interactions)
                .values({ workspaceId: ws, kind: 'call', occurredAt: at, summary: 'x' })
                .returning();
              await db.insert(interactionContacts).values({
                workspaceId: ws,
                interactionId: row!.id,
                contactId: c.id,
                occurredAt: at,
                isTouch: true,
              });
            }
            if (spec.stepInDays !== null) {
              await db.insert(nextSteps).values({
                workspaceId: ws,
                contactId: c.id,
                action: 'x',
                dueOn: addDays(today, spec.stepInDays),
              });
            }
          }
          await refreshDueState({ db, workspaceId: ws, scope: { all: true } });

          // Brute force over the stored state, with the documented formula.
          const asOf = addDays(today, p.asOfOffset);
          const tierById = new Map(tierRows.map((t) => [t.id, t]));
          const stored = await db.select().from(contacts).where(eq(contacts.workspaceId, ws));
          const expectedOrder = stored
            .filter((c) => c.todayOn !== null && c.todayOn <= asOf)
            .map((c) => {
              const tier = c.tierId ? tierById.get(c.tierId) : undefined;
              const weight = 6 - (tier?.priority ?? 5);
              const reference = c.intervalDays ?? tier?.intervalDays ?? 14;
              const overdue = daysBetween(c.nextDueOn!, asOf);
              return {
                id: c.id,
                readiness: c.readiness,
                score: weight * (1 + (3 * overdue) / (overdue + reference)),
              };
            })
            .sort((a, b) => b.score - a.score || b.readiness - a.readiness || (a.id < b.id ? -1 : 1))
            .map((r) => r.id);
          const overdue = stored.filter(
            (c) => c.todayOn !== null && c.todayOn <= asOf && c.nextDueOn! < asOf,
          ).length;

          const seen: string[] = [];
          let cursor: string | undefined;
          for (let guard = 0; guard < 100; guard++) {
            const page = await findToday({
              db,
              workspaceId: ws,
              asOf,
              ownerId: owner.userId,
              actorId: owner.userId,
              limit: p.limit,
              cursor,
            });
            expect(page.counts.due).toBe(expectedOrder.length);
            expect(page.counts.overdue).toBe(overdue);
            seen.push(...page.rows.map((r) => r.id));
            if (!page.nextCursor) break;
            cursor = page.nextCursor;
          }
          expect(seen).toEqual(expectedOrder);
        },
      ),
      { numRuns: 40 },
    );
  });
});
