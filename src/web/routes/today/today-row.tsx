import { ActionIcon, Button } from '@mantine/core';
import {
  IconCake,
  IconClockPause,
  IconExternalLink,
  IconMail,
  IconMessageCircle,
  IconPencilPlus,
  IconPhone,
  IconRepeat,
  IconSparkles,
  IconTarget,
  IconUser,
} from '@tabler/icons-react';
import { memo } from 'react';
import type { TodayItem } from '../../api/queries';
import { AttemptsBadge } from '../../components/attempts-badge';
import { DueBadge } from '../../components/due-badge';
import { RowActionIcon, RowAnchor } from '../../components/links';
import { TierBadge } from '../../components/tier-badge';
import { ago, formatDay } from '../../lib/dates';
import { channelText, KIND_LABEL, reachLinks } from './labels';
import classes from './today-row.module.css';

/** What a row can ask of its list; the same object on every render, so unchanged rows skip rendering. */
export type RowHandlers = {
  select: (index: number) => void;
  log: (item: TodayItem) => void;
  snooze: (item: TodayItem) => void;
};

/** Compact rows fit a screenful of contacts on two lines each; roomy rows show every talking point. */
export type Density = 'compact' | 'roomy';

type Props = {
  item: TodayItem;
  index: number;
  /** Phone width: the actions become a column of icons. */
  isNarrow: boolean;
  isSelected: boolean;
  density: Density;
  /** The team view: each row names its owner. */
  showOwner: boolean;
  handlers: RowHandlers;
};

/**
 * One due contact: who, why it ranks here, how to reach them, the last touch and what to bring up. Plain
 * elements laid out by today-row.module.css (a grid in the compact layout), with Mantine for the badges and
 * buttons; memoised, so moving the selection (j/k) renders the two rows it changes, not the whole list.
 */
export const TodayRow = memo(function TodayRow(props: Props) {
  const { item, index, isNarrow, isSelected, density, showOwner, handlers } = props;
  const { contact } = item;
  const ReasonIcon =
    item.reason === 'next_step' ? IconTarget : item.reason === 'cadence' ? IconRepeat : IconSparkles;
  const points = density === 'compact' ? item.talkingPoints.slice(0, 1) : item.talkingPoints;
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: a click only moves the selection, which j and k do by keyboard
    <li
      className={classes.row}
      data-density={density}
      data-selected={isSelected}
      aria-current={isSelected || undefined}
      aria-label={contact.name}
      onClick={() => handlers.select(index)}
    >
      <div className={classes.who}>
        <RowAnchor
          href={`/contacts/${contact.id}`}
          fw={650}
          c="var(--mantine-color-text)"
          size="md"
          className={classes.name}
        >
          {contact.name}
        </RowAnchor>
        <span className={classes.sub}>
          {contact.company?.name}
          {showOwner && (
            <span className={classes.owner} title="Owner">
              <IconUser size={13} aria-hidden />
              <span className={classes.visuallyHidden}>Owner: </span>
              {item.owner?.name ?? 'No owner'}
            </span>
          )}
        </span>
      </div>
      <div className={classes.why}>
        <p className={classes.line}>
          <TierBadge tier={item.tier} size="sm" />
          <DueBadge due={{ nextDueAt: item.dueAt, overdueDays: item.overdueDays }} />
          <AttemptsBadge attempts={item.attempts} size="sm" />
          <ReasonIcon
            size={16}
            stroke={1.7}
            color="var(--mantine-color-teal-8)"
            className={classes.reasonIcon}
            aria-hidden
          />
          <span className={classes.reason} title={item.rankReason}>
            {item.rankReason}
          </span>
        </p>
        <div className={classes.context}>
          <LastTouch item={item} />
          {points.length > 0 && (
            <ul className={classes.points} aria-label={`Talking points for ${contact.name}`}>
              {points.map((point) =>
                point.kind === 'birthday' ? (
                  <li key={`birthday-${point.date}`} className={classes.point}>
                    <IconCake size={16} stroke={1.6} color="var(--mantine-color-pink-7)" aria-hidden />
                    <span className={classes.ellipsis}>
                      Birthday {point.inDays === 0 ? 'today' : `in ${point.inDays} days`} (
                      {formatDay(point.date)})
                    </span>
                  </li>
                ) : (
                  <li key={point.factId} className={classes.point}>
                    <IconSparkles size={16} stroke={1.6} color="var(--mantine-color-violet-7)" aria-hidden />
                    <span className={classes.ellipsis} title={point.text}>
                      {point.text}
                    </span>
                  </li>
                ),
              )}
            </ul>
          )}
        </div>
      </div>
      <Reach item={item} />
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

/** The next step when it is not already the reason, else the last touch. */
function LastTouch({ item }: { item: TodayItem }) {
  if (item.nextStep && item.reason !== 'next_step') {
    return (
      <p className={classes.touch}>
        <IconTarget size={16} stroke={1.6} color="var(--mantine-color-gray-7)" aria-hidden />
        <span className={classes.ellipsis}>
          Next step: {item.nextStep.action}, {formatDay(item.nextStep.dueAt)}
        </span>
      </p>
    );
  }
  return (
    <p className={classes.touch}>
      <IconMessageCircle size={16} stroke={1.6} color="var(--mantine-color-gray-7)" aria-hidden />
      <span className={classes.ellipsis}>
        {item.lastTouch
          ? `${KIND_LABEL[item.lastTouch.kind]} ${ago(item.lastTouch.at)}${item.lastTouch.summary ? `: ${item.lastTouch.summary}` : ''}`
          : 'No touch logged yet'}
      </span>
    </p>
  );
}

/** The tier's channel ("Call every 14 days") and the links to reach the person, its channel first. */
function Reach({ item }: { item: TodayItem }) {
  const links = reachLinks(item.reach);
  return (
    <div className={classes.reach}>
      <span className={classes.channel}>{channelText(item)}</span>
      {links.length === 0 ? (
        <span className={classes.sub}>No phone or email</span>
      ) : (
        <span className={classes.links}>
          {links.map((link) => (
            <a
              key={link.kind}
              href={link.href}
              data-kind={link.kind}
              className={classes.reachLink}
              aria-label={`${link.kind === 'phone' ? 'Call' : 'Email'} ${item.contact.name} at ${link.text}`}
              onClick={(event) => event.stopPropagation()}
            >
              {link.kind === 'phone' ? (
                <IconPhone size={14} aria-hidden />
              ) : (
                <IconMail size={14} aria-hidden />
              )}
              <span className={classes.ellipsis}>{link.text}</span>
            </a>
          ))}
        </span>
      )}
    </div>
  );
}

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
        <ActionIcon variant="light" size="xl" onClick={onLog} aria-label={`Log a touch with ${name}`}>
          <IconPencilPlus size={20} />
        </ActionIcon>
        <ActionIcon variant="default" size="xl" onClick={onSnooze} aria-label={`Snooze ${name}`}>
          <IconClockPause size={20} />
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
