import type { OrphanRow } from './orphans.ts';
import type { TierWithCount } from './tiers.ts';
import type { TodayPage, TodayRow } from './today.ts';
import type { TodayItem, TodayOutput } from './today-validators.ts';
import type { OrphanOutput, TierOutput } from './validators.ts';

/** Picks the API fields of a tier. */
export function presentTier({ tier, contactCount }: TierWithCount): TierOutput {
  return {
    id: tier.id,
    name: tier.name,
    priority: tier.priority,
    intervalDays: tier.intervalDays,
    channel: tier.channel,
    requireNextStep: tier.requireNextStep,
    contactCount,
    createdAt: tier.createdAt.toISOString(),
    updatedAt: tier.updatedAt.toISOString(),
  };
}

/** Picks the API fields of a contact without a plan. */
export function presentOrphan({ contact: c, companyName, tierName }: OrphanRow): OrphanOutput {
  return {
    id: c.id,
    name: `${c.firstName} ${c.lastName}`.trim(),
    company: c.companyId && companyName ? { id: c.companyId, name: companyName } : null,
    tier: c.tierId && tierName ? { id: c.tierId, name: tierName } : null,
    stage: c.stage,
    lastTouchAt: c.lastTouchAt?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(),
  };
}

const FORMULA = 'priorityWeight × (1 + 3 × overdueDays / (overdueDays + referenceDays))';

const days = (n: number) => (n === 1 ? '1 day' : `${n} days`);

/** Why a row ranks where it does, in words: "Key account, 9 days late on a 14-day rhythm". */
function rankReason(r: TodayRow): string {
  const tier = r.tier_name ?? 'No tier';
  const late = Number(r.overdue_days);
  const when = late > 0 ? `${days(late)} late` : 'due today';
  if (r.due_reason === 'next_step') return `${tier}, next step ${when}: ${r.step_action ?? ''}`.trim();
  if (r.due_reason === 'never_contacted') {
    return late > 0 ? `${tier}, never contacted, waiting ${days(late)}` : `${tier}, never contacted`;
  }
  return `${tier}, ${when} on a ${Number(r.reference_days)}-day rhythm`;
}

/**
 * One Today item. It is built as one object literal, talking points included: built by spreading another
 * object ({ ...present(r), talkingPoints }), V8 promoted every item to the old generation (about 600 KB per
 * scavenge in a loop of findToday), which then cost full collections.
 */
function presentTodayItem(r: TodayRow): TodayItem {
  return {
    contact: {
      id: r.id,
      name: `${r.first_name} ${r.last_name}`.trim(),
      company: r.company_id && r.company_name ? { id: r.company_id, name: r.company_name } : null,
    },
    tier:
      r.tier_id && r.tier_name
        ? { id: r.tier_id, name: r.tier_name, priority: Number(r.tier_priority) }
        : null,
    owner: r.owner_id && r.owner_name !== null ? { id: r.owner_id, name: r.owner_name } : null,
    reach: { channel: r.tier_channel ?? 'any', phone: r.phone, email: r.email },
    intervalDays: r.interval_days === null ? null : Number(r.interval_days),
    dueAt: r.due_on,
    overdueDays: Number(r.overdue_days),
    reason: r.due_reason,
    lastTouch:
      r.touch_kind && r.touch_at
        ? { kind: r.touch_kind, at: new Date(r.touch_at).toISOString(), summary: r.touch_summary ?? '' }
        : null,
    nextStep:
      r.step_id && r.step_action && r.step_due_on
        ? { id: r.step_id, action: r.step_action, dueAt: r.step_due_on }
        : null,
    score: Number(r.score),
    rankReason: rankReason(r),
    scoreParts: {
      priorityWeight: Number(r.priority_weight),
      overdueDays: Number(r.overdue_days),
      referenceDays: Number(r.reference_days),
      overdueRatio: Number(r.overdue_ratio),
      readiness: Number(r.readiness),
      formula: FORMULA,
    },
    talkingPoints: r.talkingPoints,
    attempts: r.attempts === null ? null : Number(r.attempts),
  };
}

/** Presents a page of Today. */
export function presentToday(page: TodayPage): TodayOutput {
  return {
    asOf: page.asOf,
    items: page.rows.map(presentTodayItem),
    counts: page.counts,
    nextCursor: page.nextCursor,
  };
}
