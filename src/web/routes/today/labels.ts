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
