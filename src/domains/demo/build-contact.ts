import { addDays, type IsoDate } from '../../shared/dates.ts';
import type { Stage } from '../contacts/schema.ts';
import { searchWordsOf } from '../contacts/search.ts';
import type { InteractionKind } from '../interactions/schema.ts';
import type { Batches } from './batches.ts';
import { textArrayLiteral } from './bulk-insert.ts';
import type { Random } from './random.ts';
import {
  FACTS,
  FIRST_NAMES,
  LAST_NAMES,
  NEXT_STEPS,
  SOURCES,
  summaryFor,
  TAGS,
  TITLES,
} from './vocabulary.ts';

export type TierKey = 'A' | 'B' | 'C' | 'D';
type Plan = TierKey | 'none';

const DAY_MS = 86_400_000;
const PLAN_WEIGHTS: Record<Plan, number> = { A: 10, B: 25, C: 35, D: 22, none: 8 };
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
const STAGES: Record<Plan, readonly Stage[]> = {
  A: ['customer', 'customer', 'opportunity', 'advocate'],
  B: ['qualified', 'opportunity', 'customer', 'customer'],
  C: ['lead', 'qualified', 'dormant', 'customer'],
  D: ['lead', 'lead', 'dormant', 'lost'],
  none: ['lead', 'qualified', 'dormant'],
};

/** Everything one contact needs from the workspace being generated. */
export type ContactContext = {
  rng: Random;
  workspaceId: string;
  nowMs: number;
  today: IsoDate;
  interactionsPerContact: number;
  tiers: Record<TierKey, { id: string; intervalDays: number | null }>;
  pickOwner: () => string;
  newId: (kind: 'contact' | 'interaction' | 'step' | 'fact') => string;
  usedEmails: Set<string>;
  batches: Batches;
  counts: { contacts: number; emails: number; interactions: number; nextSteps: number; facts: number };
};

export type Company = { id: string; name: string; domain: string };
/** The previous contact, so a meeting can include a colleague from the same company. */
export type Colleague = { id: string; companyId: string | null; isContacted: boolean };

/** Lower-case ASCII for email local parts: "Léa O'Brien" -> "lea", "obrien". */
function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

function uniqueEmail(ctx: ContactContext, local: string, domain: string): string {
  let email = `${local}@${domain}`;
  for (let n = 2; ctx.usedEmails.has(email); n++) email = `${local}${n}@${domain}`;
  ctx.usedEmails.add(email);
  return email;
}

/** A time on the given number of days ago, during working hours, never in the future. */
function daysAgo(ctx: ContactContext, days: number): number {
  const startOfToday = Date.parse(`${ctx.today}T00:00:00Z`);
  const at = startOfToday - days * DAY_MS + ctx.rng.int(8 * 60, 18 * 60) * 60_000;
  return Math.min(at, ctx.nowMs - ctx.rng.int(5, 120) * 60_000);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Adds one contact with its emails, two years of interactions, next steps and facts to the batches.
 * The spread is deliberate: some are due today, some overdue, some never contacted, some orphans.
 */
export function buildContact(
  ctx: ContactContext,
  company: Company | null,
  prev: Colleague | null,
): Colleague {
  const { rng, batches, workspaceId } = ctx;
  const id = ctx.newId('contact');
  const ownerId = ctx.pickOwner();
  const firstName = rng.pick(FIRST_NAMES);
  const lastName = rng.pick(LAST_NAMES);
  const plan = rng.weighted(PLAN_WEIGHTS);
  const tier = plan === 'none' ? null : ctx.tiers[plan];
  const interval = tier?.intervalDays ?? null;
  const isNeverContacted = interval !== null && rng.chance(0.04);
  const isDoNotContact = rng.chance(0.015);
  const noneKind = plan === 'none' ? rng.weighted({ orphan: 45, step: 40, interval: 15 }) : null;
  const intervalOverride = noneKind === 'interval' ? rng.pick([30, 60]) : null;

  const createdDaysAgo = isNeverContacted ? rng.int(0, 20) : rng.int(45, 730);
  const lastTouchDaysAgo = Math.min(
    createdDaysAgo,
    interval !== null ? rng.int(0, Math.round(interval * 1.25)) : rng.int(10, 400),
  );
  const createdMs = daysAgo(ctx, createdDaysAgo);

  const emails = [
    uniqueEmail(ctx, `${slug(firstName)}.${slug(lastName)}`, company?.domain ?? 'mail.example'),
  ];
  if (rng.chance(0.25)) emails.push(uniqueEmail(ctx, `${slug(firstName)}${rng.int(1, 99)}`, 'post.example'));
  const tags = [...new Set(Array.from({ length: rng.int(0, 3) }, () => rng.pick(TAGS)))];
  const phones = rng.chance(0.6) ? [{ label: 'mobile', number: `+44 7700 900${rng.int(100, 999)}` }] : [];
  // The same text as contacts/search.ts refreshSearchText builds: concat_ws skips the missing parts.
  const searchText = [firstName, lastName, ...emails, company?.name ?? '']
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
  batches.contacts.push(
    workspaceId,
    id,
    firstName,
    lastName,
    rng.pick(TITLES),
    company?.id ?? null,
    ownerId,
    tier?.id ?? null,
    intervalOverride,
    rng.pick(STAGES[plan]),
    plan === 'A' ? rng.int(3, 5) : rng.int(0, 3),
    textArrayLiteral(tags),
    rng.pick(SOURCES),
    JSON.stringify(phones),
    birthday(ctx),
    isDoNotContact,
    interval !== null && rng.chance(0.03) ? addDays(ctx.today, rng.int(2, 21)) : null,
    rng.chance(0.005),
    searchText,
    textArrayLiteral(searchWordsOf(searchText)),
    iso(createdMs),
    iso(createdMs),
  );
  emails.forEach((email, position) => {
    batches.contactEmails.push(workspaceId, id, email, position);
  });
  ctx.counts.contacts++;
  ctx.counts.emails += emails.length;

  const isContacted = !isNeverContacted;
  const colleague = prev && company && prev.companyId === company.id && prev.isContacted ? prev.id : null;
  const last = isContacted
    ? addInteractions(ctx, { id, ownerId, plan, createdDaysAgo, lastTouchDaysAgo, colleague })
    : null;
  const wantsStep =
    !isDoNotContact &&
    (noneKind === 'step' ||
      (noneKind === null && rng.chance({ A: 0.7, B: 0.45, C: 0.25, D: 0.05 }[plan as TierKey])));
  if (wantsStep) addNextStep(ctx, id, ownerId, last);
  addFacts(ctx, id, ownerId, createdMs, plan === 'D' ? 1 : 3);
  return { id, companyId: company?.id ?? null, isContacted };
}

/** About 40% have a birthday, and a few fall in the next two weeks. */
function birthday(ctx: ContactContext): IsoDate | null {
  const { rng } = ctx;
  if (rng.chance(0.04)) {
    const day = addDays(ctx.today, rng.int(0, 13));
    const year = rng.int(1960, 1998);
    return day.endsWith('02-29') ? `${year}-02-28` : `${year}${day.slice(4)}`;
  }
  if (!rng.chance(0.4)) return null;
  return addDays(`${rng.int(1960, 1998)}-01-01`, rng.int(0, 364));
}

function addInteractions(
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
function addNextStep(
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

function addFacts(ctx: ContactContext, contactId: string, ownerId: string, createdMs: number, max: number) {
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
