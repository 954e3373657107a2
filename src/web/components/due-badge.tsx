import { Badge, type MantineSize } from '@mantine/core';
import { formatDay } from '../lib/dates';

/** What a due badge needs: the next due day, how late it is, and whether the contact has no plan at all. */
export type DueState = { nextDueAt: string | null; overdueDays: number | null; isOrphan?: boolean };

/** The due state in a few words, with a colour: "12 days overdue", "Due 14 Mar", "No plan". */
export function dueText(contact: DueState): { text: string; color: string; isStrong: boolean } {
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

/** The one due badge of every screen (Today, the contact page, lists), so it reads the same everywhere. */
export function DueBadge({ due, size = 'sm' }: { due: DueState; size?: MantineSize }) {
  const { text, color, isStrong } = dueText(due);
  return (
    <Badge color={color} variant={isStrong ? 'filled' : 'light'} size={size} radius="sm">
      {text}
    </Badge>
  );
}
