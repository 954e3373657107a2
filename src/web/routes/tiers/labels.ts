import type { Channel } from '../../api/tiers';

export const CHANNEL_LABEL: Record<Channel, string> = {
  any: 'Any channel',
  call: 'Call',
  email: 'Email',
  meeting: 'Meeting',
  newsletter: 'Newsletter',
};

/** Words for the priority numbers, so "1" reads as "most important". */
export const PRIORITY_LABEL: Record<number, string> = {
  1: 'most important',
  2: 'high',
  3: 'medium',
  4: 'low',
  5: 'lowest',
};

/** "Every 14 days", "Every day" or "No cadence". */
export function intervalText(days: number | null): string {
  if (days === null) return 'No cadence';
  return days === 1 ? 'Every day' : `Every ${days} days`;
}
