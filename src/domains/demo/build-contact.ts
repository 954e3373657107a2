import { addDays, type IsoDate } from '../../shared/dates.ts';
import type { Stage } from '../contacts/schema.ts';
import { searchWordsOf } from '../contacts/search-text.ts';
import type { Batches } from './batches.ts';
import { textArrayLiteral } from './bulk-insert.ts';
import {
  addFacts,
  addInteractions,
  addNextStep,
  daysAgo,
  iso,
  PLAN_WEIGHTS,
  type Plan,
} from './contact-history.ts';
import type { Random } from './random.ts';
import { FIRST_NAMES, LAST_NAMES, SOURCES, TAGS, TITLES } from './vocabulary.ts';

export type TierKey = 'A' | 'B' | 'C' | 'D';

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
  // The same text as contacts/search-text.ts refreshSearchText builds: concat_ws skips the missing parts.
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
