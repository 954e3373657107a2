import { Anchor, Button, Group, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import {
  IconArrowDownLeft,
  IconArrowUpRight,
  IconCornerDownRight,
  IconMail,
  IconMessage,
  IconNote,
  IconPencilPlus,
  IconPhone,
  IconUsersGroup,
  IconWriting,
} from '@tabler/icons-react';
import { useMemo } from 'react';
import { type TimelineItem, useTimeline } from '../../api/contacts';
import type { InteractionKind } from '../../api/queries';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/states';
import { ago, formatDateTime, formatDay } from '../../lib/dates';
import { KIND_LABEL } from '../today/labels';

const KIND_ICON: Record<InteractionKind, typeof IconPhone> = {
  call: IconPhone,
  meeting: IconUsersGroup,
  email: IconMail,
  message: IconMessage,
  letter: IconWriting,
  note: IconNote,
};

/** Every interaction with the contact, newest first, 20 at a time. */
export function TimelinePanel({ contactId, onLog }: { contactId: string; onLog: () => void }) {
  const timeline = useTimeline(contactId);
  const items = useMemo(() => timeline.data?.pages.flatMap((p) => p.items) ?? [], [timeline.data]);

  return (
    <Paper withBorder radius="lg" p="md" component="section" aria-labelledby="timeline-heading">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h5" id="timeline-heading">
          Timeline
        </Title>
      </Group>
      {timeline.isPending ? (
        <ListSkeleton rows={3} label="Loading the timeline" />
      ) : timeline.isError ? (
        <ErrorState error={timeline.error} onRetry={() => void timeline.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title="No touches yet" icon={<IconPencilPlus size={28} />}>
          <Button mt="xs" size="xs" variant="light" onClick={onLog}>
            Log the first one
          </Button>
        </EmptyState>
      ) : (
        <Stack component="ol" gap={0} p={0} m={0} aria-label="Timeline">
          {items.map((item, i) => (
            <Entry
              key={item.id}
              item={item}
              contactId={contactId}
              isLast={i === items.length - 1}
              answers={item.inReplyToId ? items.find((other) => other.id === item.inReplyToId) : undefined}
            />
          ))}
        </Stack>
      )}
      {timeline.hasNextPage && (
        <Group justify="center" mt="sm">
          <Button
            variant="default"
            size="xs"
            onClick={() => void timeline.fetchNextPage()}
            loading={timeline.isFetchingNextPage}
          >
            Show older
          </Button>
        </Group>
      )}
    </Paper>
  );
}

/** Where a capture came from, when not typed in. */
const SOURCE_LABEL: Partial<Record<TimelineItem['source'], string>> = {
  sync: 'synced mail',
  dropbox: 'dropbox',
  calendar: 'calendar',
  import: 'imported',
  sequence: 'sequence',
};

/** Why an entry does not move the cadence, when it does not. */
const NOT_A_TOUCH: Partial<Record<TimelineItem['touchClass'], string>> = {
  auto_reply: 'auto-reply: not a touch',
  bulk: 'bulk mail: not a touch',
  internal: 'between teammates: not a touch',
};

function Entry({
  item,
  contactId,
  isLast,
  answers,
}: {
  item: TimelineItem;
  contactId: string;
  isLast: boolean;
  /** The entry this one replies to, when it is on the page. */
  answers?: TimelineItem;
}) {
  const Icon = KIND_ICON[item.kind];
  const others = item.contacts.filter((c) => c.id !== contactId);
  return (
    <Group
      component="li"
      gap="sm"
      wrap="nowrap"
      align="flex-start"
      style={{ listStyle: 'none' }}
      aria-label={`${KIND_LABEL[item.kind]}: ${item.summary}`}
      id={`interaction-${item.id}`}
    >
      <Stack gap={0} align="center" style={{ alignSelf: 'stretch' }}>
        <ThemeIcon variant="light" radius="xl" size={30} color={item.kind === 'note' ? 'gray' : 'teal'}>
          <Icon size={16} />
        </ThemeIcon>
        {!isLast && (
          <div style={{ flex: 1, width: 2, background: 'var(--mantine-color-gray-2)', minHeight: 12 }} />
        )}
      </Stack>
      <Stack gap={2} pb="md" miw={0} style={{ flex: 1 }}>
        <Group gap={6} wrap="wrap">
          <Text size="sm" fw={600}>
            {KIND_LABEL[item.kind]}
          </Text>
          {item.direction === 'in' ? (
            <Group gap={2} c="dimmed">
              <IconArrowDownLeft size={12} />
              <Text size="xs">from them</Text>
            </Group>
          ) : (
            item.kind === 'email' && (
              <Group gap={2} c="dimmed">
                <IconArrowUpRight size={12} />
                <Text size="xs">you wrote</Text>
              </Group>
            )
          )}
          {SOURCE_LABEL[item.source] && (
            <Text size="xs" c="dimmed">
              · {SOURCE_LABEL[item.source]}
            </Text>
          )}
          {NOT_A_TOUCH[item.touchClass] && (
            <Text size="xs" c="orange.9">
              · {NOT_A_TOUCH[item.touchClass]}
            </Text>
          )}
          <Text size="xs" c="dimmed" title={formatDateTime(item.occurredAt)}>
            {formatDay(item.occurredAt)} · {ago(item.occurredAt)}
          </Text>
        </Group>
        {item.isReply && (
          <Group gap={4} c="dimmed" wrap="nowrap">
            <IconCornerDownRight size={12} />
            <Text size="xs" truncate>
              {answers ? (
                <Anchor href={`#interaction-${answers.id}`} size="xs" c="dimmed" underline="always">
                  Reply to “{answers.summary}”
                </Anchor>
              ) : (
                'Reply in a thread'
              )}
            </Text>
          </Group>
        )}
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {item.summary}
        </Text>
        {item.body && (
          <Text size="sm" c="dimmed" lineClamp={4} style={{ whiteSpace: 'pre-line' }}>
            {item.body}
          </Text>
        )}
        {others.length > 0 && (
          <Text size="xs" c="dimmed">
            With {others.map((c) => c.name).join(', ')}
          </Text>
        )}
      </Stack>
    </Group>
  );
}
