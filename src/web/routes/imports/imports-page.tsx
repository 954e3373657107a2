import {
  Alert,
  Badge,
  Button,
  Code,
  FileInput,
  Group,
  Paper,
  Progress,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconFileImport } from '@tabler/icons-react';
import { createLazyRoute } from '@tanstack/react-router';
import { useState } from 'react';
import { messageOf } from '../../api/client';
import {
  type ImportFormat,
  type ImportReport,
  useImport,
  useImports,
  useStartImport,
  useUndoImport,
} from '../../api/imports';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/states';

/** Import: upload a CSV or vCard file, dry run it, import it with progress, read the report, undo it. */
export const importsLazyRoute = createLazyRoute('/app/imports')({ component: ImportsPage });

const FORMATS: { value: ImportFormat | ''; label: string }[] = [
  { value: '', label: 'Detect from the file' },
  { value: 'google', label: 'Google Contacts CSV' },
  { value: 'outlook', label: 'Outlook CSV' },
  { value: 'linkedin', label: 'LinkedIn Connections CSV' },
  { value: 'vcard', label: 'vCard (.vcf)' },
  { value: 'csv', label: 'Other CSV (columns by header)' },
];
const FORMAT_LABEL = Object.fromEntries(FORMATS.map((f) => [f.value, f.label]));
const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** The first lines of a file, to check it is the one meant before importing it. */
async function firstLines(file: File): Promise<string[]> {
  const text = await file.slice(0, 4096).text();
  return text
    .split(/\r?\n/)
    .slice(0, 6)
    .map((l) => (l.length > 160 ? `${l.slice(0, 160)}…` : l));
}

function ImportsPage() {
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<string[]>([]);
  const [format, setFormat] = useState<ImportFormat | ''>('');
  const [currentId, setCurrentId] = useState<string | null>(null);
  const start = useStartImport();
  const choose = (chosen: File | null) => {
    setFile(chosen);
    setPreview([]);
    start.reset();
    if (chosen) void firstLines(chosen).then(setPreview);
  };
  const run = (dryRun: boolean) => {
    if (!file) return;
    start.mutate({ file, dryRun, ...(format ? { format } : {}) }, { onSuccess: (r) => setCurrentId(r.id) });
  };
  const fileError =
    start.error && 'fieldMessage' in start.error
      ? (start.error as { fieldMessage: (f: string) => string | undefined }).fieldMessage('body.file')
      : undefined;

  return (
    <Stack maw={1100} mx="auto" gap="lg">
      <div>
        <Title order={1} size="h2">
          Import contacts
        </Title>
        <Text c="dimmed" size="sm" maw={640}>
          From Google Contacts, Outlook or LinkedIn exports, another CSV, or vCard. People are matched by
          email, else by name and company: importing again fills what is missing and never makes a duplicate.
        </Text>
      </div>
      <Paper withBorder p="md" radius="md">
        <Stack gap="sm">
          <Group align="flex-end" wrap="wrap">
            <FileInput
              label="File"
              placeholder="Choose a .csv or .vcf file"
              accept=".csv,.vcf,.vcard,.txt,text/csv,text/vcard"
              value={file}
              onChange={choose}
              clearable
              w={320}
              error={fileError}
            />
            <Select
              label="Format"
              data={FORMATS}
              value={format}
              onChange={(v) => setFormat((v ?? '') as ImportFormat | '')}
              allowDeselect={false}
              w={260}
            />
          </Group>
          {preview.length > 0 && (
            <div>
              <Text size="sm" fw={500}>
                First lines of {file?.name}
              </Text>
              <Code block data-testid="import-preview">
                {preview.join('\n')}
              </Code>
            </div>
          )}
          {start.error && !fileError && <Alert color="red">{messageOf(start.error)}</Alert>}
          <Group>
            <Button
              variant="default"
              disabled={!file}
              loading={start.isPending && start.variables?.dryRun}
              onClick={() => run(true)}
            >
              Dry run
            </Button>
            <Button
              leftSection={<IconFileImport size={16} />}
              disabled={!file}
              loading={start.isPending && !start.variables?.dryRun}
              onClick={() => run(false)}
            >
              Import
            </Button>
          </Group>
        </Stack>
      </Paper>
      {currentId && <ImportReportPanel id={currentId} />}
      <PastImports onOpen={setCurrentId} />
    </Stack>
  );
}

const STATUS_COLOR: Record<ImportReport['status'], string> = {
  queued: 'gray',
  running: 'blue',
  done: 'green',
  failed: 'red',
  undone: 'orange',
};

function ImportReportPanel({ id }: { id: string }) {
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

function PastImports({ onOpen }: { onOpen: (id: string) => void }) {
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
