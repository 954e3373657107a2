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

const FORMULA = 'priorityWeight × (1 + overdueDays / referenceDays)';

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
    scoreParts: {
      priorityWeight: Number(r.priority_weight),
      overdueDays: Number(r.overdue_days),
      referenceDays: Number(r.reference_days),
      overdueRatio: Number(r.overdue_ratio),
      readiness: Number(r.readiness),
      formula: FORMULA,
    },
    talkingPoints: r.talkingPoints,
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
