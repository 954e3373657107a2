import { Badge, Button, Stack, Table, Title } from '@mantine/core';
import { useImports } from '../../api/imports';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/states';
import { STATUS_COLOR } from './import-formats';

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** The workspace's past imports, newest first; opening one shows its report. */
export function PastImports({ onOpen }: { onOpen: (id: string) => void }) {
  const list = useImports();
  if (list.isPending) return <ListSkeleton rows={3} label="Loading past imports" />;
  if (list.error) return <ErrorState error={list.error} />;
  const items = list.data.pages.flatMap((p) => p.items);
  if (items.length === 0)
    return (
      <EmptyState title="No imports yet">Files you import are listed here, with their reports.</EmptyState>
    );
  return (
    <Stack gap="xs">
      <Title order={2} size="h4">
        Past imports
      </Title>
      <Table.ScrollContainer minWidth={560}>
        <Table highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>File</Table.Th>
              <Table.Th>When</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Created</Table.Th>
              <Table.Th>Updated</Table.Th>
              <Table.Th>Errors</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((i) => (
              <Table.Tr key={i.id} onClick={() => onOpen(i.id)} style={{ cursor: 'pointer' }}>
                <Table.Td>
                  <Button variant="subtle" size="compact-sm" onClick={() => onOpen(i.id)}>
                    {i.fileName}
                    {i.dryRun ? ' (dry run)' : ''}
                  </Button>
                </Table.Td>
                <Table.Td>{when.format(new Date(i.createdAt))}</Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLOR[i.status]} variant="light">
                    {i.status}
                  </Badge>
                </Table.Td>
                <Table.Td>{i.created}</Table.Td>
                <Table.Td>{i.updated}</Table.Td>
                <Table.Td>{i.errorCount}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {list.hasNextPage && (
        <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          Show more
        </Button>
      )}
    </Stack>
  );
}
