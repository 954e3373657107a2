import { Alert, Badge, Button, FileInput, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCalendarEvent, IconRefresh } from '@tabler/icons-react';
import { createLazyRoute } from '@tanstack/react-router';
import { useState } from 'react';
import {
  type CalendarCounts,
  type Subscription,
  useImportCalendar,
  useRefreshSubscription,
  useRemoveSubscription,
  useSubscribe,
  useSubscriptions,
} from '../../api/calendar';
import { ApiError, messageOf } from '../../api/client';
import { ConfirmModal } from '../../components/confirm-modal';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/states';
import { ago } from '../../lib/dates';
import { DropboxCard } from './dropbox-card';
import { Mailboxes } from './mailboxes-section';

/** Settings > Mail & calendar: mailboxes, upload an .ics, follow calendar feeds. */
export const calendarLazyRoute = createLazyRoute('/app/settings/capture')({ component: CapturePage });

/** The counts of an upload or a refresh, as a sentence. */
export function countsText(c: CalendarCounts): string {
  return `${c.events} events: ${c.logged} logged, ${c.nextSteps} next steps, ${c.duplicates} already there, ${c.skipped} skipped`;
}

function CapturePage() {
  return (
    <Stack maw={960} mx="auto" gap="lg">
      <div>
        <Title order={1} size="h2">
          Mail &amp; calendar
        </Title>
        <Text c="dimmed" size="sm" maw={640}>
          Mail and meetings with your contacts, logged without typing. A past meeting counts as a touch; the
          next one becomes a next step, so the contact waits for it instead of showing as overdue. Only people
          who are already contacts count; you and your teammates are left out.
        </Text>
      </div>
      <Mailboxes />
      <DropboxCard />
      <CalendarUpload />
      <Subscriptions />
    </Stack>
  );
}

function CalendarUpload() {
  const upload = useImportCalendar();
  const [file, setFile] = useState<File | null>(null);
  const choose = (chosen: File | null) => {
    setFile(chosen);
    upload.reset();
    if (chosen) upload.mutate(chosen);
  };
  const fileError = upload.error instanceof ApiError ? upload.error.message : undefined;
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Upload a calendar
        </Title>
        <FileInput
          label="Calendar file (.ics)"
          placeholder="Choose an .ics file"
          accept=".ics,.ical,.ifb,text/calendar"
          value={file}
          onChange={choose}
          clearable
          maw={360}
          error={fileError}
        />
        {upload.isPending && <Text size="sm">Reading the calendar…</Text>}
        {upload.data && (
          <Text size="sm" data-testid="calendar-counts" role="status">
            {countsText(upload.data)}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

function Subscriptions() {
  const subscriptions = useSubscriptions();
  const subscribe = useSubscribe();
  const remove = useRemoveSubscription();
  const [url, setUrl] = useState('');
  const [removing, setRemoving] = useState<Subscription | null>(null);
  const urlError = subscribe.error instanceof ApiError ? subscribe.error.fieldMessage('body.url') : undefined;
  const add = (event: React.FormEvent) => {
    event.preventDefault();
    subscribe.mutate(url, { onSuccess: () => setUrl('') });
  };
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Calendar subscriptions
        </Title>
        <Text c="dimmed" size="sm">
          A calendar's secret address (iCal or .ics link) is read now and then every hour. Only you see your
          subscriptions.
        </Text>
        <form onSubmit={add}>
          <Group align="flex-start" wrap="wrap">
            <TextInput
              label="Calendar address"
              placeholder="https://calendar.example.com/…/basic.ics"
              value={url}
              onChange={(e) => setUrl(e.currentTarget.value)}
              error={urlError ?? (subscribe.error && !urlError ? messageOf(subscribe.error) : undefined)}
              style={{ flex: '1 1 260px' }}
              required
            />
            <Button type="submit" mt={{ base: 0, xs: 25 }} loading={subscribe.isPending}>
              Subscribe
            </Button>
          </Group>
        </form>
        {subscriptions.isPending ? (
          <ListSkeleton label="Loading subscriptions" rows={1} />
        ) : subscriptions.isError ? (
          <ErrorState error={subscriptions.error} onRetry={() => void subscriptions.refetch()} />
        ) : subscriptions.data.length === 0 ? (
          <EmptyState title="No subscriptions yet" icon={<IconCalendarEvent size={30} />}>
            Paste a calendar's address above to follow it.
          </EmptyState>
        ) : (
          <Stack component="ul" gap="sm" p={0} m={0} aria-label="Calendar subscriptions">
            {subscriptions.data.map((s) => (
              <SubscriptionRow key={s.id} subscription={s} onRemove={() => setRemoving(s)} />
            ))}
          </Stack>
        )}
      </Stack>
      <ConfirmModal
        opened={removing !== null}
        title="Remove this subscription?"
        confirmLabel="Remove"
        isPending={remove.isPending}
        error={remove.error}
        onClose={() => setRemoving(null)}
        onConfirm={() =>
          removing &&
          remove.mutate(removing.id, {
            onSuccess: () => {
              notifications.show({ title: 'Subscription removed', message: '' });
              setRemoving(null);
            },
          })
        }
      >
        <Text size="sm">Kith stops reading it. The meetings and next steps it brought in stay.</Text>
      </ConfirmModal>
    </Paper>
  );
}

const STATUS = {
  pending: { label: 'Waiting for its first read', color: 'gray' },
  ok: { label: 'Up to date', color: 'green' },
  failed: { label: 'Failed', color: 'red' },
} as const;

function SubscriptionRow({
  subscription: s,
  onRemove,
}: {
  subscription: Subscription;
  onRemove: () => void;
}) {
  const refresh = useRefreshSubscription();
  const status = STATUS[s.status];
  return (
    <Paper component="li" withBorder radius="md" p="sm" style={{ listStyle: 'none' }} aria-label={s.url}>
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Stack gap={4} miw={0} style={{ flex: '1 1 240px' }}>
          <Group gap={8} wrap="wrap">
            <Text fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
              {s.url}
            </Text>
            <Badge color={status.color} variant="light" tt="none">
              {status.label}
            </Badge>
          </Group>
          <Text size="sm" c="dimmed">
            {s.lastRefreshedAt ? `Read ${ago(s.lastRefreshedAt)} · ${countsText(s)}` : 'Not read yet'}
          </Text>
          {s.status === 'failed' && s.lastError && (
            <Alert color="red" variant="light" p="xs">
              {s.lastError}
            </Alert>
          )}
        </Stack>
        <Group gap="xs">
          <Button
            size="xs"
            variant="light"
            leftSection={<IconRefresh size={14} />}
            loading={refresh.isPending}
            onClick={() => refresh.mutate(s.id)}
          >
            Refresh now
          </Button>
          <Button size="xs" variant="subtle" color="red" onClick={onRemove}>
            Remove
          </Button>
        </Group>
      </Group>
    </Paper>
  );
}
