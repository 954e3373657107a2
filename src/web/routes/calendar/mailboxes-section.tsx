import { Alert, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconMail, IconRefresh } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { messageOf } from '../../api/client';
import {
  type Mailbox,
  type SyncCounts,
  useMailboxes,
  useRemoveMailbox,
  useSyncMailbox,
} from '../../api/mailboxes';
import { ConfirmModal } from '../../components/confirm-modal';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/states';
import { ago } from '../../lib/dates';
import { MailboxFormModal } from './mailbox-form';

/** Sync counts as a sentence: what happened to the messages read. */
export function syncText(c: SyncCounts): string {
  return `${c.seen} messages read: ${c.logged} logged, ${c.duplicates} already there, ${c.suggested} suggested, ${c.skipped} skipped`;
}

const STATUS = {
  idle: { label: 'Up to date', color: 'green' },
  syncing: { label: 'Syncing', color: 'blue' },
  error: { label: 'Failing', color: 'red' },
} as const;

/** Settings > Mail & calendar: the user's mailboxes, connect one, sync now, edit, disconnect. */
export function Mailboxes() {
  const mailboxes = useMailboxes();
  const remove = useRemoveMailbox();
  const [editing, setEditing] = useState<Mailbox | 'new' | null>(null);
  const [removing, setRemoving] = useState<Mailbox | null>(null);
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={2} size="h4">
            Mailboxes
          </Title>
          <Button leftSection={<IconMail size={16} />} onClick={() => setEditing('new')}>
            Connect a mailbox
          </Button>
        </Group>
        <Text c="dimmed" size="sm">
          Mail with your contacts is logged as it arrives and as you send it, every few minutes (your inbox
          and sent folder, a year back the first time). Auto-replies and newsletters never count as a touch.
          People you write with who are not contacts yet wait in{' '}
          <Link to="/suggestions">Suggested contacts</Link>. Only you see your mailboxes.
        </Text>
        {mailboxes.isPending ? (
          <ListSkeleton label="Loading mailboxes" rows={1} />
        ) : mailboxes.isError ? (
          <ErrorState error={mailboxes.error} onRetry={() => void mailboxes.refetch()} />
        ) : mailboxes.data.length === 0 ? (
          <EmptyState title="No mailbox connected" icon={<IconMail size={30} />}>
            Connect your work mailbox (IMAP) and every email with a contact moves their cadence by itself.
          </EmptyState>
        ) : (
          <Stack component="ul" gap="sm" p={0} m={0} aria-label="Mailboxes">
            {mailboxes.data.map((m) => (
              <MailboxRow
                key={m.id}
                mailbox={m}
                onEdit={() => setEditing(m)}
                onRemove={() => setRemoving(m)}
              />
            ))}
          </Stack>
        )}
      </Stack>
      <MailboxFormModal
        opened={editing !== null}
        mailbox={editing === 'new' ? null : editing}
        onClose={() => setEditing(null)}
      />
      <ConfirmModal
        opened={removing !== null}
        title="Disconnect this mailbox?"
        confirmLabel="Disconnect"
        isPending={remove.isPending}
        error={remove.error}
        onClose={() => setRemoving(null)}
        onConfirm={() =>
          removing &&
          remove.mutate(removing.id, {
            onSuccess: () => {
              notifications.show({ title: 'Mailbox disconnected', message: '' });
              setRemoving(null);
            },
          })
        }
      >
        <Text size="sm">
          Kith stops reading {removing?.address} and forgets its password. The mail it logged stays on your
          contacts' timelines.
        </Text>
      </ConfirmModal>
    </Paper>
  );
}

function MailboxRow({
  mailbox: m,
  onEdit,
  onRemove,
}: {
  mailbox: Mailbox;
  onEdit: () => void;
  onRemove: () => void;
}) {
  const sync = useSyncMailbox();
  const status = STATUS[m.status];
  const runSync = () =>
    sync.mutate(m.id, {
      onSuccess: (run) => notifications.show({ title: 'Synced', message: syncText(run.counts) }),
      onError: (error) =>
        notifications.show({ color: 'red', title: 'Sync failed', message: messageOf(error) }),
    });
  return (
    <Paper component="li" withBorder radius="md" p="sm" style={{ listStyle: 'none' }} aria-label={m.address}>
      <Group justify="space-between" wrap="wrap" gap="sm" align="flex-start">
        <Stack gap={4} miw={0} style={{ flex: '1 1 260px' }}>
          <Group gap={8} wrap="wrap">
            <Text fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
              {m.label ? `${m.label} · ${m.address}` : m.address}
            </Text>
            <Badge color={status.color} variant="light" tt="none">
              {m.lastSyncAt === null && m.status === 'idle' ? 'Waiting for its first sync' : status.label}
            </Badge>
          </Group>
          <Text size="sm" c="dimmed">
            {m.imap ? `Reads ${m.imap.username} at ${m.imap.host}:${m.imap.port}` : 'Does not read mail'}
            {m.folders.length > 0 && ` · folders ${m.folders.map((f) => f.name).join(', ')}`}
            {m.smtp
              ? ` · sends through ${m.smtp.host}:${m.smtp.port}, at most ${m.dailyLimit} a day and ${m.hourlyLimit} an hour`
              : ' · does not send'}
          </Text>
          <Text size="sm" data-testid="mailbox-counts">
            {m.lastSyncAt ? `Synced ${ago(m.lastSyncAt)}. ` : ''}
            {m.counts.seen > 0 ? syncText(m.counts) : 'Nothing read yet.'}
          </Text>
          {m.status === 'error' && m.lastError && (
            <Alert color="red" variant="light" p="xs" role="alert">
              {m.lastError}. Kith tries again on its own; fix the settings with Edit if it keeps failing.
            </Alert>
          )}
        </Stack>
        <Group gap="xs">
          <Button
            size="xs"
            variant="light"
            leftSection={<IconRefresh size={14} />}
            loading={sync.isPending}
            onClick={runSync}
          >
            Sync now
          </Button>
          <Button size="xs" variant="default" onClick={onEdit}>
            Edit
          </Button>
          <Button size="xs" variant="subtle" color="red" onClick={onRemove}>
            Disconnect
          </Button>
        </Group>
      </Group>
    </Paper>
  );
}
