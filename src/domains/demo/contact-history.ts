// A generated contact's history: two years of interactions, its next steps (done and open) and facts,
// and the plan tables that shape it (how common each plan is, how active, which kinds of touch).
import { addDays } from '../../shared/dates.ts';
import type { InteractionKind } from '../interactions/schema.ts';
import type { ContactContext, TierKey } from './build-contact.ts';
import { FACTS, NEXT_STEPS, summaryFor } from './vocabulary.ts';

/** A contact's tier, or none (an orphan or a contact due only by its next steps). */
export type Plan = TierKey | 'none';

const DAY_MS = 86_400_000;
export const PLAN_WEIGHTS: Record<Plan, number> = { A: 10, B: 25, C: 35, D: 22, none: 8 };
/** How many interactions each plan gets relative to the average. */
const PLAN_ACTIVITY: Record<Plan, number> = { A: 2, B: 1.2, C: 0.7, D: 0.3, none: 0.5 };
const MEAN_ACTIVITY =
  (Object.keys(PLAN_WEIGHTS) as Plan[]).reduce((s, p) => s + PLAN_WEIGHTS[p] * PLAN_ACTIVITY[p], 0) /
  Object.values(PLAN_WEIGHTS).reduce((s, w) => s + w, 0);
const KINDS: Record<Plan, Record<InteractionKind, number>> = {
  A: { call: 30, meeting: 20, email: 30, message: 12, letter: 2, note: 6 },
  B: { call: 20, meeting: 15, email: 40, message: 15, letter: 2, note: 8 },
  C: { call: 10, meeting: 5, email: 60, message: 15, letter: 2, note: 8 },
  D: { call: 5, meeting: 2, email: 75, message: 8, letter: 2, note: 8 },
  none: { call: 15, meeting: 10, email: 50, message: 15, letter: 2, note: 8 },
};

/** A time on the given number of days ago, during working hours, never in the future. */
export function daysAgo(ctx: ContactContext, days: number): number {
  const startOfToday = Date.parse(`${ctx.today}T00:00:00Z`);
  const at = startOfToday - days * DAY_MS + ctx.rng.int(8 * 60, 18 * 60) * 60_000;
  return Math.min(at, ctx.nowMs - ctx.rng.int(5, 120) * 60_000);
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function addInteractions(
  ctx: ContactContext,
  c: {
    id: string;
    ownerId: string;
    plan: Plan;
    createdDaysAgo: number;
    lastTouchDaysAgo: number;
    colleague: string | null;
  },
): { id: string; atMs: number } {
  const { rng, batches, workspaceId } = ctx;
  const mean = (ctx.interactionsPerContact * PLAN_ACTIVITY[c.plan]) / MEAN_ACTIVITY;
  const count = Math.max(1, Math.round(mean * (0.5 + rng.next())));
  let last = { id: '', atMs: 0 };
  for (let i = 0; i < count; i++) {
    // The last one is the latest touch; the rest fall anywhere since the contact was added.
    const isLast = i === count - 1;
    let kind = rng.weighted(KINDS[c.plan]);
    if (isLast && kind === 'note') kind = 'email';
    const atMs = daysAgo(ctx, isLast ? c.lastTouchDaysAgo : rng.int(c.lastTouchDaysAgo, c.createdDaysAgo));
    const interactionId = ctx.newId('interaction');
    const isInbound = (kind === 'email' || kind === 'message') && rng.chance(0.4);
    const at = iso(atMs);
    batches.interactions.push(
      workspaceId,
      interactionId,
      kind,
      isInbound ? 'in' : 'out',
      at,
      summaryFor(kind, rng.pick),
      kind === 'email' ? 'sync' : 'manual',
      c.ownerId,
      at,
    );
    const isTouch = kind !== 'note';
    batches.interactionContacts.push(workspaceId, interactionId, c.id, at, isTouch);
    if (kind === 'meeting' && c.colleague && rng.chance(0.3)) {
      batches.interactionContacts.push(workspaceId, interactionId, c.colleague, at, true);
    }
    if (!isLast && i % 4 === 3) addDoneStep(ctx, c.id, c.ownerId, interactionId, atMs);
    ctx.counts.interactions++;
    if (isLast) last = { id: interactionId, atMs };
  }
  return last;
}

/** A step that was set during an earlier conversation and has been done since. */
function addDoneStep(
  ctx: ContactContext,
  contactId: string,
  ownerId: string,
  interactionId: string,
  atMs: number,
) {
  const { rng } = ctx;
  const doneAt = iso(Math.min(atMs + rng.int(1, 10) * DAY_MS, ctx.nowMs));
  const dueOn = addDays(iso(atMs).slice(0, 10), 7);
  ctx.batches.nextSteps.push(
    ctx.workspaceId,
    ctx.newId('step'),
    contactId,
    rng.pick(NEXT_STEPS),
    dueOn,
    doneAt,
    interactionId,
    ownerId,
    iso(atMs),
    doneAt,
  );
  ctx.counts.nextSteps++;
}

/** The open next step: often set at the last conversation, due anywhere from ten days ago to next month. */
export function addNextStep(
  ctx: ContactContext,
  contactId: string,
  ownerId: string,
  last: { id: string; atMs: number } | null,
) {
  const { rng } = ctx;
  const dueOn = rng.chance(0.1) ? ctx.today : addDays(ctx.today, rng.int(-10, 30));
  const createdAt = iso(last?.atMs ?? ctx.nowMs - DAY_MS);
  ctx.batches.nextSteps.push(
    ctx.workspaceId,
    ctx.newId('step'),
    contactId,
    rng.pick(NEXT_STEPS),
    dueOn,
    null,
    last?.id ?? null,
    ownerId,
    createdAt,
    createdAt,
  );
  ctx.counts.nextSteps++;
}

export function addFacts(
  ctx: ContactContext,
  contactId: string,
  ownerId: string,
  createdMs: number,
  max: number,
) {
  const { rng } = ctx;
  // Each fact template at most once per contact, so no contact repeats a talking point.
  const unused = [...FACTS];
  const count = Math.min(rng.int(0, max), unused.length);
  for (let i = 0; i < count; i++) {
    const [fact] = unused.splice(rng.int(0, unused.length - 1), 1);
    if (!fact) break;
    const remindOn = fact.dated && rng.chance(0.6) ? addDays(ctx.today, rng.int(-5, 20)) : null;
    const at = iso(rng.int(createdMs, ctx.nowMs));
    ctx.batches.facts.push(
      ctx.workspaceId,
      ctx.newId('fact'),
      contactId,
      fact.text(rng.pick),
      remindOn,
      ownerId,
      at,
      at,
    );
    ctx.counts.facts++;
  }
}
