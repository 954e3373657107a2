import type { Contact, ContactListItem, DueFilter, Stage } from '../../api/contacts';
import { formatDay } from '../../lib/dates';

export const STAGE_LABEL: Record<Stage, string> = {
  lead: 'Lead',
  qualified: 'Qualified',
  opportunity: 'Opportunity',
  customer: 'Customer',
  advocate: 'Advocate',
  dormant: 'Dormant',
  lost: 'Lost',
};

export const REASON_LABEL = {
  next_step: 'Next step',
  cadence: 'Time to reconnect',
  never_contacted: 'Never contacted',
} as const;

/** The due state in a few words, with a colour: "12 days overdue", "Due 14 Mar", "No plan". */
export function dueText(contact: Pick<ContactListItem, 'nextDueAt' | 'overdueDays' | 'isOrphan'>): {
  text: string;
  color: string;
  isStrong: boolean;
} {
  if (!contact.nextDueAt) {
    return contact.isOrphan
      ? { text: 'No plan', color: 'red', isStrong: false }
      : { text: 'Not due', color: 'gray', isStrong: false };
  }
  const late = contact.overdueDays ?? 0;
  if (late > 0) {
    return {
      text: late === 1 ? '1 day overdue' : `${late} days overdue`,
      color: late > 14 ? 'red' : 'orange',
      isStrong: true,
    };
  }
  return { text: `Due ${formatDay(contact.nextDueAt)}`, color: 'teal', isStrong: false };
}

/** The interval the quick log offers for the next touch: the contact's own, else its tier's. */
export function intervalOf(contact: Pick<Contact, 'intervalDays' | 'tier'>): number | null {
  return contact.intervalDays ?? contact.tier?.intervalDays ?? null;
}

/** The contact list's due filters, as the filter names them. */
export const DUE_LABEL: Record<DueFilter, string> = {
  overdue: 'Overdue',
  week: 'Due this week',
  snoozed: 'Snoozed',
  noPlan: 'No plan (no next step)',
};
