import type { Contact, DueFilter, Stage } from '../../api/contacts';

export { dueText } from '../../components/due-badge';

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
