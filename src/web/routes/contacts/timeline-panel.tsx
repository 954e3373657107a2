import { Button, Group, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import {
  IconArrowDownLeft,
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
            <Entry key={item.id} item={item} contactId={contactId} isLast={i === items.length - 1} />
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

function Entry({ item, contactId, isLast }: { item: TimelineItem; contactId: string; isLast: boolean }) {
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
          {item.direction === 'in' && (
            <Group gap={2} c="dimmed">
              <IconArrowDownLeft size={12} />
              <Text size="xs">from them</Text>
            </Group>
          )}
          <Text size="xs" c="dimmed" title={formatDateTime(item.occurredAt)}>
            {formatDay(item.occurredAt)} · {ago(item.occurredAt)}
          </Text>
        </Group>
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
