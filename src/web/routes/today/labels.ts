import type { InteractionKind, TodayItem } from '../../api/queries';

export const KIND_LABEL: Record<InteractionKind, string> = {
  call: 'Call',
  meeting: 'Meeting',
  email: 'Email',
  message: 'Message',
  letter: 'Letter',
  note: 'Note',
};

/** Why the contact is on the list, in words. */
export function reasonText(item: TodayItem): string {
  if (item.reason === 'next_step' && item.nextStep) return item.nextStep.action;
  if (item.reason === 'never_contacted') return 'Never contacted yet';
  return `Time to reconnect, every ${item.scoreParts.referenceDays} days`;
}

/** How late the contact is on the planned day. */
export function overdueText(item: TodayItem): { text: string; color: string } {
  if (item.overdueDays <= 0) return { text: 'Due', color: 'teal' };
  if (item.overdueDays === 1) return { text: '1 day overdue', color: 'orange' };
  return { text: `${item.overdueDays} days overdue`, color: item.overdueDays > 14 ? 'red' : 'orange' };
}

const CHANNEL_VERB: Record<TodayItem['reach']['channel'], string> = {
  call: 'Call',
  email: 'Email',
  meeting: 'Meet',
  newsletter: 'Newsletter',
  any: 'Any channel',
};

/** The tier's rhythm in words: "Call every 14 days", "Any channel, every 6 weeks", "Email". */
export function channelText(item: Pick<TodayItem, 'reach' | 'intervalDays'>): string {
  const verb = CHANNEL_VERB[item.reach.channel];
  if (!item.intervalDays) return verb;
  const every = item.intervalDays === 1 ? 'every day' : `every ${item.intervalDays} days`;
  return item.reach.channel === 'any' ? `${verb}, ${every}` : `${verb} ${every}`;
}

/** One way to reach a person: the link and what it shows. */
export type ReachLink = { kind: 'phone' | 'email'; href: string; text: string };

/**
 * How to reach the person, the tier's preferred channel first: the phone for a call or meeting tier, the
 * address for an email or newsletter tier, both (phone first) when the channel is "any".
 */
export function reachLinks(reach: TodayItem['reach']): ReachLink[] {
  const phone: ReachLink | null = reach.phone
    ? { kind: 'phone', href: `tel:${reach.phone.replace(/[^\d+]/g, '')}`, text: reach.phone }
    : null;
  const email: ReachLink | null = reach.email
    ? { kind: 'email', href: `mailto:${reach.email}`, text: reach.email }
    : null;
  const emailFirst = reach.channel === 'email' || reach.channel === 'newsletter';
  const ordered = emailFirst ? [email, phone] : [phone, email];
  return ordered.filter((link): link is ReachLink => link !== null);
}
