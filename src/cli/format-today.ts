import type { TodayItem, TodayOutput } from '../domains/cadence/today-validators.ts';
import { renderTable, truncate } from './table.ts';

const REASONS: Record<TodayItem['reason'], string> = {
  next_step: 'next step',
  cadence: 'cadence',
  never_contacted: 'never contacted',
};

type TalkingPoint = TodayItem['talkingPoints'][number];

function talkingPoint(point: TalkingPoint): string {
  if (point.kind === 'birthday') {
    const when = point.inDays === 0 ? 'today' : point.inDays === 1 ? 'tomorrow' : `in ${point.inDays} days`;
    return `birthday ${when} (${point.date})`;
  }
  return point.text;
}

function due(item: TodayItem): string {
  if (item.overdueDays > 0) return `${item.dueAt} (${item.overdueDays}d overdue)`;
  return `${item.dueAt} (due)`;
}

/** One row of the Today table; long cells are cut so the columns stay readable in a terminal. */
export function todayRow(item: TodayItem, rank: number): string[] {
  return [
    String(rank),
    truncate(item.contact.name, 28),
    truncate(item.contact.company?.name ?? '', 24),
    item.tier ? truncate(item.tier.name, 16) : '',
    REASONS[item.reason],
    due(item),
    item.lastTouch ? `${item.lastTouch.kind} ${item.lastTouch.at.slice(0, 10)}` : 'never',
    item.nextStep ? `${truncate(item.nextStep.action, 32)} (${item.nextStep.dueAt})` : '',
    truncate(item.talkingPoints.map(talkingPoint).join('; '), 60),
  ];
}

/** The Today list as lines of text: a title, the counts, and an aligned table ranked as the API ranks it. */
export function formatToday(options: { today: TodayOutput; workspace: string; owner: string }): string[] {
  const { today } = options;
  const { due: dueCount, overdue, orphans } = today.counts;
  const lines = [
    `Today for ${options.workspace} on ${today.asOf} (${options.owner})`,
    `${dueCount} due, ${overdue} overdue, ${orphans} with no plan (orphans)`,
    '',
  ];
  if (today.items.length === 0) return [...lines, `Nothing is due on ${today.asOf}.`];
  const headers = [
    '#',
    'Name',
    'Company',
    'Tier',
    'Reason',
    'Due',
    'Last touch',
    'Next step',
    'Talking points',
  ];
  lines.push(
    ...renderTable(
      headers,
      today.items.map((item, i) => todayRow(item, i + 1)),
    ),
  );
  if (today.nextCursor) {
    lines.push('', `Showing the first ${today.items.length} of ${dueCount}; pass --limit to see more.`);
  }
  return lines;
}
