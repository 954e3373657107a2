import { ActionIcon, Badge, Button } from '@mantine/core';
import {
  IconCake,
  IconClockPause,
  IconExternalLink,
  IconMessageCircle,
  IconPencilPlus,
  IconRepeat,
  IconSparkles,
  IconTarget,
} from '@tabler/icons-react';
import { memo } from 'react';
import type { TodayItem } from '../../api/queries';
import { RowActionIcon, RowAnchor } from '../../components/links';
import { TierBadge } from '../../components/tier-badge';
import { ago, formatDay } from '../../lib/dates';
import { KIND_LABEL, overdueText, reasonText } from './labels';
import classes from './today-row.module.css';

/** What a row can ask of its list; the same object on every render, so unchanged rows skip rendering. */
export type RowHandlers = {
  select: (index: number) => void;
  log: (item: TodayItem) => void;
  snooze: (item: TodayItem) => void;
};

type Props = {
  item: TodayItem;
  index: number;
  /** Phone width: the actions become a column of icons. */
  isNarrow: boolean;
  isSelected: boolean;
  handlers: RowHandlers;
};

/**
 * One due contact: why, how late, the last touch and what to bring up. Plain elements styled by
 * today-row.module.css, with Mantine for the badges and buttons; memoised, so moving the selection
 * (j/k) renders the two rows it changes, not the whole list.
 */
export const TodayRow = memo(function TodayRow({ item, index, isNarrow, isSelected, handlers }: Props) {
  const { contact } = item;
  const overdue = overdueText(item);
  const ReasonIcon =
    item.reason === 'next_step' ? IconTarget : item.reason === 'cadence' ? IconRepeat : IconSparkles;
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: a click only moves the selection, which j and k do by keyboard
    <li
      className={classes.row}
      data-selected={isSelected}
      aria-current={isSelected || undefined}
      aria-label={contact.name}
      onClick={() => handlers.select(index)}
    >
      <div className={classes.main}>
        <div className={classes.head}>
          <RowAnchor href={`/contacts/${contact.id}`} fw={650} c="var(--mantine-color-text)" size="md">
            {contact.name}
          </RowAnchor>
          {contact.company && <span className={classes.company}>{contact.company.name}</span>}
        </div>
        <div className={classes.badges}>
          <TierBadge tier={item.tier} size="sm" />
          <Badge
            color={overdue.color}
            variant={item.overdueDays > 0 ? 'filled' : 'light'}
            size="sm"
            radius="sm"
          >
            {item.overdueDays > 0 ? overdue.text : `Due ${formatDay(item.dueAt)}`}
          </Badge>
        </div>
        <p className={classes.line}>
          <ReasonIcon size={16} stroke={1.7} color="var(--mantine-color-teal-7)" />
          <span className={classes.reason}>{reasonText(item)}</span>
        </p>
        <p className={classes.line}>
          <IconMessageCircle size={16} stroke={1.6} color="var(--mantine-color-gray-6)" />
          {item.lastTouch ? (
            <span className={`${classes.dimmed} ${classes.clamp}`}>
              {KIND_LABEL[item.lastTouch.kind]} {ago(item.lastTouch.at)}
              {item.lastTouch.summary ? `: ${item.lastTouch.summary}` : ''}
            </span>
          ) : (
            <span className={classes.dimmed}>No touch logged yet</span>
          )}
        </p>
        {item.talkingPoints.length > 0 && (
          <ul className={classes.points} aria-label={`Talking points for ${contact.name}`}>
            {item.talkingPoints.map((point) =>
              point.kind === 'birthday' ? (
                <li key={`birthday-${point.date}`} className={classes.line}>
                  <IconCake size={16} stroke={1.6} color="var(--mantine-color-pink-6)" />
                  <span>
                    Birthday {point.inDays === 0 ? 'today' : `in ${point.inDays} days`} (
                    {formatDay(point.date)})
                  </span>
                </li>
              ) : (
                <li key={point.factId} className={classes.line}>
                  <IconSparkles size={16} stroke={1.6} color="var(--mantine-color-violet-6)" />
                  <span>{point.text}</span>
                </li>
              ),
            )}
          </ul>
        )}
      </div>
      <RowActions
        name={contact.name}
        contactId={contact.id}
        isNarrow={isNarrow}
        onLog={() => handlers.log(item)}
        onSnooze={() => handlers.snooze(item)}
      />
    </li>
  );
});

/** Log, snooze and open: buttons on a wide screen, a column of icons on a phone (one set rendered). */
function RowActions({
  name,
  contactId,
  isNarrow,
  onLog,
  onSnooze,
}: {
  name: string;
  contactId: string;
  isNarrow: boolean;
  onLog: () => void;
  onSnooze: () => void;
}) {
  if (isNarrow) {
    return (
      <div className={classes.actionsNarrow}>
        <ActionIcon variant="light" size="lg" onClick={onLog} aria-label={`Log a touch with ${name}`}>
          <IconPencilPlus size={18} />
        </ActionIcon>
        <ActionIcon variant="default" size="lg" onClick={onSnooze} aria-label={`Snooze ${name}`}>
          <IconClockPause size={18} />
        </ActionIcon>
      </div>
    );
  }
  return (
    <div className={classes.actions}>
      <Button
        size="xs"
        variant="light"
        leftSection={<IconPencilPlus size={14} />}
        onClick={onLog}
        aria-label={`Log a touch with ${name}`}
      >
        Log
      </Button>
      <Button
        size="xs"
        variant="default"
        leftSection={<IconClockPause size={14} />}
        onClick={onSnooze}
        aria-label={`Snooze ${name}`}
      >
        Snooze
      </Button>
      {/* A native title, not a Mantine Tooltip: a tooltip per row mounts its positioning hooks on every row. */}
      <RowActionIcon
        href={`/contacts/${contactId}`}
        variant="subtle"
        color="gray"
        size="lg"
        aria-label={`Open ${name}`}
        title="Open contact (o)"
      >
        <IconExternalLink size={16} />
      </RowActionIcon>
    </div>
  );
}
