import { ActionIcon, Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
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
import { forwardRef } from 'react';
import type { TodayItem } from '../../api/queries';
import { RowActionIcon, RowAnchor } from '../../components/links';
import { ago, formatDay } from '../../lib/dates';
import { tierColor } from '../../theme';
import { KIND_LABEL, overdueText, reasonText } from './labels';

type Props = {
  item: TodayItem;
  /** Phone width: the actions become a column of icons. */
  isNarrow: boolean;
  isSelected: boolean;
  onSelect: () => void;
  onLog: () => void;
  onSnooze: () => void;
};

/** One due contact: why, how late, the last touch and what to bring up. */
export const TodayRow = forwardRef<HTMLLIElement, Props>(function TodayRow(
  { item, isNarrow, isSelected, onSelect, onLog, onSnooze },
  ref,
) {
  const { contact } = item;
  const overdue = overdueText(item);
  const ReasonIcon =
    item.reason === 'next_step' ? IconTarget : item.reason === 'cadence' ? IconRepeat : IconSparkles;
  return (
    <Paper
      component="li"
      ref={ref}
      withBorder
      radius="md"
      p="md"
      className="kith-row"
      data-selected={isSelected}
      aria-current={isSelected || undefined}
      aria-label={contact.name}
      onClick={onSelect}
      style={{ listStyle: 'none' }}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
        <Stack gap={6} miw={0} style={{ flex: 1 }}>
          <Group gap={8} wrap="wrap" align="baseline">
            <RowAnchor href={`/contacts/${contact.id}`} fw={650} c="var(--mantine-color-text)" size="md">
              {contact.name}
            </RowAnchor>
            {contact.company && (
              <Text size="sm" c="dimmed" truncate>
                {contact.company.name}
              </Text>
            )}
          </Group>
          <Group gap={6} wrap="wrap">
            {item.tier ? (
              <Badge color={tierColor(item.tier.priority)} variant="light" size="sm" radius="sm">
                {item.tier.name}
              </Badge>
            ) : (
              <Badge color="gray" variant="outline" size="sm" radius="sm">
                No tier
              </Badge>
            )}
            <Badge
              color={overdue.color}
              variant={item.overdueDays > 0 ? 'filled' : 'light'}
              size="sm"
              radius="sm"
            >
              {item.overdueDays > 0 ? overdue.text : `Due ${formatDay(item.dueAt)}`}
            </Badge>
          </Group>
          <Group gap={6} wrap="nowrap" align="flex-start">
            <ReasonIcon
              size={16}
              stroke={1.7}
              style={{ flexShrink: 0, marginTop: 2 }}
              color="var(--mantine-color-teal-7)"
            />
            <Text size="sm" fw={500}>
              {reasonText(item)}
            </Text>
          </Group>
          <Group gap={6} wrap="nowrap" align="flex-start">
            <IconMessageCircle
              size={16}
              stroke={1.6}
              style={{ flexShrink: 0, marginTop: 2 }}
              color="var(--mantine-color-gray-6)"
            />
            {item.lastTouch ? (
              <Text size="sm" c="dimmed" lineClamp={2}>
                {KIND_LABEL[item.lastTouch.kind]} {ago(item.lastTouch.at)}
                {item.lastTouch.summary ? `: ${item.lastTouch.summary}` : ''}
              </Text>
            ) : (
              <Text size="sm" c="dimmed">
                No touch logged yet
              </Text>
            )}
          </Group>
          {item.talkingPoints.length > 0 && (
            <Stack
              gap={4}
              mt={2}
              aria-label={`Talking points for ${contact.name}`}
              component="ul"
              p={0}
              m={0}
            >
              {item.talkingPoints.map((point) => (
                <Group
                  key={point.kind === 'fact' ? point.factId : `birthday-${point.date}`}
                  component="li"
                  gap={6}
                  wrap="nowrap"
                  align="flex-start"
                  style={{ listStyle: 'none' }}
                >
                  {point.kind === 'birthday' ? (
                    <>
                      <IconCake
                        size={16}
                        stroke={1.6}
                        style={{ flexShrink: 0, marginTop: 2 }}
                        color="var(--mantine-color-pink-6)"
                      />
                      <Text size="sm">
                        Birthday {point.inDays === 0 ? 'today' : `in ${point.inDays} days`} (
                        {formatDay(point.date)})
                      </Text>
                    </>
                  ) : (
                    <>
                      <IconSparkles
                        size={16}
                        stroke={1.6}
                        style={{ flexShrink: 0, marginTop: 2 }}
                        color="var(--mantine-color-violet-6)"
                      />
                      <Text size="sm">{point.text}</Text>
                    </>
                  )}
                </Group>
              ))}
            </Stack>
          )}
        </Stack>
        <RowActions
          name={contact.name}
          contactId={contact.id}
          isNarrow={isNarrow}
          onLog={onLog}
          onSnooze={onSnooze}
        />
      </Group>
    </Paper>
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
      <Stack gap={6}>
        <ActionIcon variant="light" size="lg" onClick={onLog} aria-label={`Log a touch with ${name}`}>
          <IconPencilPlus size={18} />
        </ActionIcon>
        <ActionIcon variant="default" size="lg" onClick={onSnooze} aria-label={`Snooze ${name}`}>
          <IconClockPause size={18} />
        </ActionIcon>
      </Stack>
    );
  }
  return (
    <Group gap={6} wrap="nowrap">
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
    </Group>
  );
}
