import { Button, Group, Stack, Text, ThemeIcon } from '@mantine/core';
import {
  IconArrowDownLeft,
  IconArrowUpRight,
  IconMail,
  IconMessageCircle,
  IconNote,
  IconPhone,
  IconTimeline,
  IconUsersGroup,
} from '@tabler/icons-react';
import { Fragment, useMemo } from 'react';
import { type TimelineEntry, useCompanyTimeline } from '../../api/companies';
import { AnchorLink } from '../../components/links';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/states';
import { ago, formatDay } from '../../lib/dates';
import { KIND_LABEL } from '../today/labels';

const KIND_ICON = {
  call: IconPhone,
  meeting: IconUsersGroup,
  email: IconMail,
  message: IconMessageCircle,
  letter: IconMail,
  note: IconNote,
} as const;

/** Every touch with anyone at the company, newest first. */
export function CompanyTimeline({ companyId }: { companyId: string }) {
  const list = useCompanyTimeline(companyId);
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);

  if (list.isPending) return <ListSkeleton label="Loading timeline" rows={3} />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  if (items.length === 0) {
    return (
      <EmptyState title="Nothing logged yet" icon={<IconTimeline size={28} />}>
        Calls, emails and meetings with anyone at this company show up here.
      </EmptyState>
    );
  }
  return (
    <>
      <Stack component="ol" gap="md" p={0} m={0} aria-label="Company timeline">
        {items.map((entry) => (
          <Entry key={entry.id} entry={entry} />
        ))}
      </Stack>
      {list.hasNextPage && (
        <Group justify="center" mt="md">
          <Button
            variant="default"
            size="xs"
            onClick={() => void list.fetchNextPage()}
            loading={list.isFetchingNextPage}
          >
            Show older
          </Button>
        </Group>
      )}
    </>
  );
}

function Entry({ entry }: { entry: TimelineEntry }) {
  const Icon = KIND_ICON[entry.kind];
  const Direction = entry.direction === 'in' ? IconArrowDownLeft : IconArrowUpRight;
  return (
    <Group component="li" gap="sm" wrap="nowrap" align="flex-start" style={{ listStyle: 'none' }}>
      <ThemeIcon variant="light" radius="xl" size={32} color="gray" aria-hidden>
        <Icon size={16} stroke={1.7} />
      </ThemeIcon>
      <Stack gap={2} miw={0} style={{ flex: 1 }}>
        <Group gap={6} wrap="wrap" align="baseline">
          <Text size="sm" fw={600}>
            {KIND_LABEL[entry.kind]}
          </Text>
          <Direction size={12} aria-label={entry.direction === 'in' ? 'incoming' : 'outgoing'} />
          <Text size="xs" c="dimmed" title={formatDay(entry.occurredAt)}>
            {formatDay(entry.occurredAt)} · {ago(entry.occurredAt)}
          </Text>
        </Group>
        <Text size="sm">{entry.summary}</Text>
        {entry.body && (
          <Text size="sm" c="dimmed" lineClamp={3}>
            {entry.body}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          With{' '}
          {entry.contacts.map((c, i) => (
            <Fragment key={c.id}>
              {i > 0 && ', '}
              <AnchorLink to="/contacts/$contactId" params={{ contactId: c.id }} size="xs">
                {c.name}
              </AnchorLink>
            </Fragment>
          ))}
        </Text>
      </Stack>
    </Group>
  );
}
