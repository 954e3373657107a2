import {
  Button,
  Center,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import { createLazyRoute } from '@tanstack/react-router';
import { useState } from 'react';
import { useUsers } from '../../api/contacts';
import { canSeeTeam, useMe } from '../../api/queries';
import { type AuditEntity, type AuditEntry, useAudit } from '../../api/team';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/states';
import { formatDateTime, isIsoDate } from '../../lib/dates';
import { ACTION_LABEL, describeChanges, ENTITY_LABEL } from './labels';

/** Settings > Audit log (admins and owners): who changed what, filtered, a page at a time. */
export const auditLazyRoute = createLazyRoute('/app/settings/audit')({ component: AuditPage });

function AuditPage() {
  const { data: me } = useMe();
  const users = useUsers();
  const [userId, setUserId] = useState('');
  const [entity, setEntity] = useState('');
  const [since, setSince] = useState('');
  const isSinceValid = since === '' || isIsoDate(since);
  const audit = useAudit(
    {
      ...(userId ? { userId } : {}),
      ...(entity ? { entity: entity as AuditEntity } : {}),
      // The start of that day where the reader is.
      ...(since && isSinceValid ? { since: new Date(`${since}T00:00:00`).toISOString() } : {}),
    },
    canSeeTeam(me),
  );
  if (!me) return null;
  if (!canSeeTeam(me))
    return <ErrorState error={new Error('Only admins and owners can read the audit log.')} />;
  const names = new Map((users.data ?? []).map((u) => [u.id, u.name]));
  const entries = audit.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack maw={1100} mx="auto" gap="lg">
      <div>
        <Title order={1} size="h2">
          Audit log
        </Title>
        <Text c="dimmed" size="sm" maw={620}>
          Every change in this workspace: who made it and when. Passwords, tokens and private notes are never
          written here.
        </Text>
      </div>
      <Group gap="sm" align="flex-end" wrap="wrap" role="search" aria-label="Filter the audit log">
        <NativeSelect
          label="Who"
          value={userId}
          onChange={(e) => setUserId(e.currentTarget.value)}
          data={[
            { value: '', label: 'Everyone' },
            ...(users.data ?? []).map((u) => ({ value: u.id, label: u.name })),
          ]}
          w={{ base: '100%', xs: 200 }}
        />
        <NativeSelect
          label="What"
          value={entity}
          onChange={(e) => setEntity(e.currentTarget.value)}
          data={[
            { value: '', label: 'Everything' },
            ...Object.entries(ENTITY_LABEL).map(([value, label]) => ({ value, label })),
          ]}
          w={{ base: '100%', xs: 180 }}
        />
        <TextInput
          label="Since"
          type="date"
          value={since}
          onChange={(e) => setSince(e.currentTarget.value)}
          error={isSinceValid ? undefined : 'Enter a full date'}
          w={{ base: '100%', xs: 180 }}
        />
      </Group>
      {audit.isPending ? (
        <ListSkeleton label="Loading the audit log" rows={4} />
      ) : audit.isError ? (
        <ErrorState error={audit.error} onRetry={() => void audit.refetch()} />
      ) : entries.length === 0 ? (
        <Paper withBorder radius="lg">
          <EmptyState title="Nothing recorded" icon={<IconHistory size={30} />}>
            No entries match these filters.
          </EmptyState>
        </Paper>
      ) : (
        <Paper withBorder radius="lg" p={0}>
          <Table.ScrollContainer minWidth={720}>
            <Table striped highlightOnHover aria-label="Audit log" verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>When</Table.Th>
                  <Table.Th>Who</Table.Th>
                  <Table.Th>Action</Table.Th>
                  <Table.Th>On</Table.Th>
                  <Table.Th>Details</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {entries.map((entry) => (
                  <EntryRow key={entry.id} entry={entry} names={names} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      {audit.hasNextPage && (
        <Center>
          <Button
            variant="default"
            onClick={() => void audit.fetchNextPage()}
            loading={audit.isFetchingNextPage}
          >
            Load more
          </Button>
        </Center>
      )}
    </Stack>
  );
}

function EntryRow({ entry, names }: { entry: AuditEntry; names: Map<string, string> }) {
  const target = entry.entityId && entry.entity === 'user' ? names.get(entry.entityId) : undefined;
  return (
    <Table.Tr>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(entry.at)}</Table.Td>
      <Table.Td>{entry.actor?.name ?? 'Kith (command line)'}</Table.Td>
      <Table.Td>{ACTION_LABEL[entry.action]}</Table.Td>
      <Table.Td>
        {ENTITY_LABEL[entry.entity]}
        {target ? ` ${target}` : ''}
      </Table.Td>
      <Table.Td>
        <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          {describeChanges(entry)}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}
