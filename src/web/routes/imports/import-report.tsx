import { Alert, Badge, Button, Group, Paper, Progress, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { messageOf } from '../../api/client';
import { useImport, useUndoImport } from '../../api/imports';
import { ErrorState, ListSkeleton } from '../../components/states';
import { DryRunDecisions } from './dry-run-decisions';
import { FORMAT_LABEL, STATUS_COLOR } from './import-formats';

/** One import's report: progress while it runs, then its counts, errors and Undo. */
export function ImportReportPanel({ id }: { id: string }) {
  const report = useImport(id);
  const undo = useUndoImport();
  const [isConfirming, setConfirming] = useState(false);
  if (report.isPending) return <ListSkeleton rows={2} label="Loading the import" />;
  if (report.error) return <ErrorState error={report.error} />;
  const r = report.data;
  const share = r.total ? Math.round((r.processed / r.total) * 100) : 0;
  const isRunning = r.status === 'queued' || r.status === 'running';
  return (
    <Paper withBorder p="md" radius="md" data-testid="import-report">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Text fw={600}>
            {r.dryRun ? 'Dry run of ' : ''}
            {r.fileName} · {FORMAT_LABEL[r.format]}
          </Text>
          <Badge color={STATUS_COLOR[r.status]}>{r.status}</Badge>
        </Group>
        {isRunning && <Progress value={share} animated aria-label={`Imported ${share}%`} />}
        {r.failure && (
          <Alert color="red" title="The file was not imported">
            {r.failure}
          </Alert>
        )}
        {!r.failure && (
          <Text data-testid="import-counts">
            {r.dryRun && !isRunning ? 'Would create ' : 'Created '}
            {r.created}, updated {r.updated}, skipped {r.skipped}, {r.errorCount} error
            {r.errorCount === 1 ? '' : 's'}
            {r.total !== null ? ` (${r.processed} of ${r.total} rows)` : ''}.
          </Text>
        )}
        {r.errors.length > 0 && (
          <Table.ScrollContainer minWidth={420} mah={280}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Row</Table.Th>
                  <Table.Th>Field</Table.Th>
                  <Table.Th>Problem</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {r.errors.map((e) => (
                  <Table.Tr key={`${e.row}-${e.field}`}>
                    <Table.Td>{e.row}</Table.Td>
                    <Table.Td>{e.field}</Table.Td>
                    <Table.Td>{e.message}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {r.dryRun && !isRunning && <DryRunDecisions decisions={r.decisions} total={r.total} />}
        {r.notUndone.length > 0 && (
          <Alert color="orange" title="Left as it was">
            {r.notUndone.length} change{r.notUndone.length === 1 ? '' : 's'} could not be undone:{' '}
            {[...new Set(r.notUndone.map((n) => n.reason))].join('; ')}.
          </Alert>
        )}
        {r.status === 'done' && !r.dryRun && (
          <Group>
            {isConfirming ? (
              <>
                <Text size="sm">Remove the contacts this import created and revert what it filled in?</Text>
                <Button
                  color="red"
                  loading={undo.isPending}
                  onClick={() => undo.mutate(r.id, { onSettled: () => setConfirming(false) })}
                >
                  Undo import
                </Button>
                <Button variant="default" onClick={() => setConfirming(false)}>
                  Keep it
                </Button>
              </>
            ) : (
              <Button variant="default" color="red" onClick={() => setConfirming(true)}>
                Undo…
              </Button>
            )}
          </Group>
        )}
        {undo.error && <Alert color="red">{messageOf(undo.error)}</Alert>}
      </Stack>
    </Paper>
  );
}
