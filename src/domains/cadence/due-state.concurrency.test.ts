import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, queryRows } from '../../db/client.ts';
import { addDays, todayUtc } from '../../shared/dates.ts';
import { type Api, apiAs, openSecondApp, openTestApp, type TestApp } from '../../test/http.ts';
import { buildUser, type TestUser } from '../workspaces/factories.ts';

// Concurrent writers on a few contacts, through two app instances (two connection pools, as two server
// processes would be) on one PostgreSQL database. Afterwards every contact's stored due state must equal what
// its committed rows say, recomputed here from scratch. PGlite runs one statement at a time, so only
// PostgreSQL can show these races.

const url = process.env.TEST_DATABASE_URL;
const today = todayUtc();

type Stored = {
  id: string;
  last_touch_at: string | null;
  next_step_on: string | null;
  next_due_on: string | null;
  due_reason: string | null;
  today_on: string | null;
  is_orphan: boolean;
};

/** The due state of every contact of the workspace as due-state.ts stores it. */
async function storedStates(db: Db, workspaceId: string): Promise<Stored[]> {
  return queryRows<Stored>(
    db,
    sql`select id, last_touch_at::text, next_step_on::text, next_due_on::text, due_reason, today_on::text,
          is_orphan from contacts where workspace_id = ${workspaceId}::uuid order by id`,
  );
}

/**
 * The due state of every contact, worked out here from its committed inputs by the rules in
 * docs/due-engine.md: a reference written apart from due-state.ts's statement.
 */
async function recomputedStates(db: Db, workspaceId: string): Promise<Stored[]> {
  type Input = {
    id: string;
    created_on: string;
    interval_days: number | null;
    tier_interval: number | null;
    channel: string | null;
    snoozed_until: string | null;
    excluded: boolean;
  };
  const ws = sql`${workspaceId}::uuid`;
  const contacts = await queryRows<Input>(
    db,
    sql`select c.id, (c.created_at at time zone 'UTC')::date::text as created_on, c.interval_days,
          t.interval_days as tier_interval, t.channel, c.snoozed_until::text, (c.archived or c.do_not_contact) as excluded
        from contacts c left join tiers t on t.workspace_id = c.workspace_id and t.id = c.tier_id
        where c.workspace_id = ${ws} order by c.id`,
  );
  const touches = await queryRows<{ contact_id: string; at: string }>(
    db,
    sql`select contact_id, occurred_at::text as at from interaction_contacts where workspace_id = ${ws} and is_touch`,
  );
  const steps = await queryRows<{ contact_id: string; due_on: string }>(
    db,
    sql`select contact_id, due_on::text from next_steps where workspace_id = ${ws} and done_at is null`,
  );
  return contacts.map((c) => {
    const times = touches.filter((t) => t.contact_id === c.id).map((t) => new Date(t.at).getTime());
    const lastTouch = times.length ? new Date(Math.max(...times)) : null;
    const stepOn =
      steps
        .filter((s) => s.contact_id === c.id)
        .map((s) => s.due_on)
        .sort()[0] ?? null;
    const interval = c.interval_days ?? c.tier_interval;
    const isNewsletter = c.channel === 'newsletter';
    let nextDue: string | null = null;
    let reason: string | null = null;
    if (stepOn) [nextDue, reason] = [stepOn, 'next_step'];
    else if (!isNewsletter && interval !== null) {
      nextDue = lastTouch ? addDays(lastTouch.toISOString().slice(0, 10), interval) : c.created_on;
      reason = lastTouch ? 'cadence' : 'never_contacted';
    }
    const todayOn =
      c.excluded || !nextDue
        ? null
        : c.snoozed_until && c.snoozed_until > nextDue
          ? c.snoozed_until
          : nextDue;
    return {
      id: c.id,
      last_touch_at: lastTouch ? lastTouch.toISOString() : null,
      next_step_on: stepOn,
      next_due_on: nextDue,
      due_reason: reason,
      today_on: todayOn,
      is_orphan: !nextDue && !isNewsletter && !c.excluded,
    };
  });
}

/** Stored and recomputed states side by side, timestamps compared as instants. */
async function compare(db: Db, workspaceId: string) {
  const normal = (rows: Stored[]) =>
    rows.map((r) => ({
      ...r,
      last_touch_at: r.last_touch_at ? new Date(r.last_touch_at).toISOString() : null,
    }));
  return {
    stored: normal(await storedStates(db, workspaceId)),
    recomputed: normal(await recomputedStates(db, workspaceId)),
  };
}

/** today_counts as kept by its triggers, and as a recount of the contacts. */
async function counts(db: Db, workspaceId: string) {
  const ws = sql`${workspaceId}::uuid`;
  const kept = await queryRows(
    db,
    sql`select owner_key::text, today_on::text, contacts, due_that_day from today_counts
        where workspace_id = ${ws} order by 1, 2`,
  );
  const recount = await queryRows(
    db,
    sql`select coalesce(owner_id, '00000000-0000-0000-0000-000000000000')::text as owner_key, today_on::text,
          count(*)::int as contacts, (count(*) filter (where next_due_on = today_on))::int as due_that_day
        from contacts where workspace_id = ${ws} and today_on is not null group by 1, 2 order by 1, 2`,
  );
  return { kept, recount };
}

describe.runIf(url)('the due state under concurrent writers (PostgreSQL, two app instances)', () => {
  let one: TestApp;
  let two: TestApp;
  let user: TestUser;
  let apis: [Api, Api];

  beforeAll(async () => {
    one = await openTestApp({ poolSize: 12 });
    two = await openSecondApp(one, { poolSize: 12 });
    user = await buildUser(one.store.db);
    apis = [apiAs(one.app, user.token), apiAs(two.app, user.token)];
  });
  afterAll(async () => {
    await two?.close();
    await one?.close();
  });

  const ok = <T>(res: { status: number; body: T }): T => {
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    return res.body;
  };

  it('keeps the earliest open step and the latest touch after 20 parallel touches with next steps', async () => {
    const contact = ok(await apis[0].post('/api/contacts', { firstName: 'Race', lastName: 'Twenty' }));
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        apis[i % 2]!.post('/api/interactions', {
          contactIds: [contact.id],
          kind: 'call',
          summary: `Call ${i}`,
          occurredAt: new Date(Date.now() - (20 - i) * 60_000).toISOString(),
          nextStep: { action: `Step ${i}`, dueAt: addDays(today, 5 + i) },
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    const got = ok(await apis[0].get(`/api/contacts/${contact.id}`));
    expect(got.nextDueAt).toBe(addDays(today, 5));
    expect(new Date(got.lastTouchAt).getTime()).toBe(
      Math.max(...answers.map((a) => new Date(a.body.interaction.occurredAt).getTime())),
    );
    const { stored, recomputed } = await compare(one.store.db, user.workspaceId);
    expect(stored).toEqual(recomputed);
  });

  it('stores what the committed rows say after any interleaving of mixed writes', async () => {
    const tier = ok(await apis[0].post('/api/tiers', { name: 'Race key', priority: 1, intervalDays: 14 }));
    const other = ok(
      await apis[0].post('/api/tiers', { name: 'Race nurture', priority: 3, intervalDays: 90 }),
    );
    const people = [];
    for (const name of ['Ada', 'Bo', 'Cy']) {
      people.push(
        ok(await apis[0].post('/api/contacts', { firstName: name, lastName: 'Race', tierId: tier.id })),
      );
    }
    const ids = people.map((p) => p.id as string);
    const interactionIds: string[] = [];
    const stepIds: string[] = [];

    type Write = { kind: string; contact: number; days: number; via: number };
    const writeArb: fc.Arbitrary<Write> = fc.record({
      kind: fc.constantFrom(
        'touch',
        'touchWithStep',
        'note',
        'step',
        'completeStep',
        'rescheduleStep',
        'deleteStep',
        'deleteInteraction',
        'tier',
        'interval',
        'snooze',
        'tierInterval',
      ),
      contact: fc.integer({ min: 0, max: 2 }),
      days: fc.integer({ min: 1, max: 60 }),
      via: fc.integer({ min: 0, max: 1 }),
    });

    const run = async (w: Write) => {
      const api = apis[w.via]!;
      const id = ids[w.contact]!;
      const at = new Date(Date.now() - w.days * 3_600_000).toISOString();
      switch (w.kind) {
        case 'touch':
        case 'touchWithStep':
        case 'note': {
          const res = await api.post('/api/interactions', {
            contactIds: w.days % 3 === 0 ? ids : [id],
            kind: w.kind === 'note' ? 'note' : 'email',
            summary: 'Race',
            occurredAt: at,
            ...(w.kind === 'touchWithStep'
              ? { nextStep: { action: 'Next', dueAt: addDays(today, w.days) } }
              : {}),
          });
          if (res.status === 201) {
            interactionIds.push(res.body.interaction.id);
            stepIds.push(...res.body.nextSteps.map((s: { id: string }) => s.id));
          }
          return res.status;
        }
        case 'step': {
          const res = await api.post('/api/next-steps', {
            contactId: id,
            action: 'Plan',
            dueAt: addDays(today, w.days - 10),
          });
          if (res.status === 201) stepIds.push(res.body.id);
          return res.status;
        }
        case 'completeStep':
        case 'rescheduleStep':
        case 'deleteStep': {
          const step = stepIds[w.days % Math.max(1, stepIds.length)];
          if (!step) return 204;
          if (w.kind === 'deleteStep') return (await api.delete(`/api/next-steps/${step}`)).status;
          const patch =
            w.kind === 'completeStep' ? { done: w.days % 2 === 0 } : { dueAt: addDays(today, w.days - 20) };
          return (await api.patch(`/api/next-steps/${step}`, patch)).status;
        }
        case 'deleteInteraction': {
          const interaction = interactionIds[w.days % Math.max(1, interactionIds.length)];
          return interaction ? (await api.delete(`/api/interactions/${interaction}`)).status : 204;
        }
        case 'tier':
          return (await api.patch(`/api/contacts/${id}`, { tierId: w.days % 2 ? tier.id : other.id })).status;
        case 'interval':
          return (await api.patch(`/api/contacts/${id}`, { intervalDays: w.days % 4 ? null : w.days }))
            .status;
        case 'snooze':
          return (
            await api.patch(`/api/contacts/${id}`, {
              snoozedUntil: w.days % 3 ? null : addDays(today, w.days),
            })
          ).status;
        default:
          return (await api.patch(`/api/tiers/${w.days % 2 ? tier.id : other.id}`, { intervalDays: w.days }))
            .status;
      }
    };

    await fc.assert(
      fc.asyncProperty(fc.array(writeArb, { minLength: 20, maxLength: 40 }), async (writes) => {
        const statuses = await Promise.all(writes.map(run));
        // A write on something another write deleted meanwhile may answer 404; nothing may fail.
        for (const status of statuses) expect([200, 201, 204, 404]).toContain(status);
        const { stored, recomputed } = await compare(one.store.db, user.workspaceId);
        expect(stored).toEqual(recomputed);
        const { kept, recount } = await counts(one.store.db, user.workspaceId);
        expect(kept).toEqual(recount);
      }),
      { numRuns: 15 },
    );
    // 15 bursts of up to 40 writers: well inside a minute on a quiet machine, longer on a busy one.
  }, 180_000);

  it('answers 409 naming the field, never 500, when 20 requests create contacts with the same email', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        apis[i % 2]!.post('/api/contacts', { firstName: `Same ${i}`, emails: ['same@race.test'] }),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([201, ...Array(19).fill(409)]);
    for (const a of answers.filter((x) => x.status === 409)) {
      expect(a.body.error.fields[0].field).toMatch(/^body\.emails/);
    }
  });

  it('answers 409 naming the field when 10 requests create tiers with the same name', async () => {
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        apis[i % 2]!.post('/api/tiers', { name: 'Same tier', priority: 2, intervalDays: 30 }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, ...Array(9).fill(409)]);
    for (const a of answers.filter((x) => x.status === 409)) {
      expect(a.body.error.fields[0].field).toBe('body.name');
    }
  });
});
