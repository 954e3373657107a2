import { Alert, Badge, Group, Pagination, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { IconMailForward } from '@tabler/icons-react';
import { createLazyRoute, Link } from '@tanstack/react-router';
import { useState } from 'react';
import { OUTBOX_PAGE, type OutboxItem, type OutboxStatus, useOutbox } from '../../api/mailboxes';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/states';
import { ago, formatDateTime } from '../../lib/dates';

/** The outbox: every email Kith sends for you, waiting, sent or failed with the server's reply. */
export const outboxLazyRoute = createLazyRoute('/app/outbox')({ component: OutboxPage });

const STATUS: Record<OutboxStatus, { label: string; color: string }> = {
  queued: { label: 'Waiting', color: 'gray' },
  held: { label: 'Held', color: 'yellow' },
  sending: { label: 'Sending', color: 'blue' },
  sent: { label: 'Sent', color: 'green' },
  failed: { label: 'Failed', color: 'red' },
};

function OutboxPage() {
  const [status, setStatus] = useState<OutboxStatus | 'all'>('all');
  const [page, setPage] = useState(1);
  const list = useOutbox(status === 'all' ? null : status, (page - 1) * OUTBOX_PAGE);
  return (
    <Stack maw={960} mx="auto" gap="lg">
      <div>
        <Title order={1} size="h2">
          Outbox
        </Title>
        <Text c="dimmed" size="sm" maw={640}>
          Every email Kith sends for you goes out from here, within your mailbox's limits. An email the server
          refused for good says why; one it could not take yet waits and tries again. A paused sequence's
          email is held until you resume it.
        </Text>
      </div>
      <SegmentedControl
        value={status}
        onChange={(v) => {
          setStatus(v as OutboxStatus | 'all');
          setPage(1);
        }}
        data={[
          { value: 'all', label: 'All' },
          { value: 'queued', label: 'Waiting' },
          { value: 'held', label: 'Held' },
          { value: 'sent', label: 'Sent' },
          { value: 'failed', label: 'Failed' },
        ]}
        aria-label="Show"
        w="fit-content"
      />
      {list.isPending ? (
        <ListSkeleton label="Loading the outbox" />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <EmptyState title="Nothing here" icon={<IconMailForward size={30} />}>
          Emails you send to contacts show up here. <Link to="/settings/capture">Set up sending</Link> on a
          mailbox first.
        </EmptyState>
      ) : (
        <>
          <Stack component="ul" gap="xs" p={0} m={0} aria-label="Outbox">
            {list.data.items.map((item) => (
              <OutboxRow key={item.id} item={item} />
            ))}
          </Stack>
          {list.data.total > OUTBOX_PAGE && (
            <Pagination total={Math.ceil(list.data.total / OUTBOX_PAGE)} value={page} onChange={setPage} />
          )}
        </>
      )}
    </Stack>
  );
}

function OutboxRow({ item }: { item: OutboxItem }) {
  const status = STATUS[item.status];
  const when = item.sentAt ?? item.queuedAt;
  return (
    <Paper
      component="li"
      withBorder
      radius="md"
      p="sm"
      style={{ listStyle: 'none' }}
      aria-label={item.subject}
    >
      <Stack gap={4}>
        <Group gap={8} wrap="wrap" justify="space-between">
          <Group gap={8} wrap="wrap" miw={0}>
            <Text fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
              {item.subject}
            </Text>
            <Badge color={status.color} variant="light" tt="none">
              {status.label}
            </Badge>
          </Group>
          <Text size="xs" c="dimmed" title={formatDateTime(when)}>
            {item.sentAt ? 'sent' : 'queued'} {ago(when)}
          </Text>
        </Group>
        <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          To{' '}
          <Link to="/contacts/$contactId" params={{ contactId: item.contactId }}>
            {item.to}
          </Link>
          {item.attempts > 1 && ` · ${item.attempts} attempts`}
        </Text>
        {item.status === 'failed' && (
          <Alert color="red" variant="light" p="xs">
            {item.lastError}
          </Alert>
        )}
        {item.status === 'held' && (
          <Text size="xs" c="dimmed">
            Held while its sequence is paused: it goes out when you resume the sequence, and not if you remove
            the contact from it.
          </Text>
        )}
        {item.status === 'queued' && item.lastError && (
          <Text size="xs" c="orange.9">
            Trying again: {item.lastError}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
