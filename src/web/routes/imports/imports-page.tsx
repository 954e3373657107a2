import { Alert, Button, FileInput, Group, Paper, Select, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconFileImport } from '@tabler/icons-react';
import { createLazyRoute } from '@tanstack/react-router';
import { useState } from 'react';
import { ApiError, messageOf } from '../../api/client';
import {
  type ImportField,
  type ImportFormat,
  type ImportMapping,
  type ImportPreview,
  useImportPreview,
  useStartImport,
} from '../../api/imports';
import { FORMATS } from './import-formats';
import { ImportPreviewPanel } from './import-preview';
import { ImportReportPanel } from './import-report';
import { PastImports } from './past-imports';

/** Import: upload a CSV or vCard file, preview and map it, dry run it, import it, read the report, undo it. */
export const importsLazyRoute = createLazyRoute('/app/imports')({ component: ImportsPage });

/**
 * The mapping with one column changed. It names every column (starting from what the preview shows), so
 * the server maps exactly what the person sees.
 */
function remap(
  preview: ImportPreview,
  mapping: ImportMapping | null,
  header: string,
  field: ImportField,
): ImportMapping {
  const next: ImportMapping = {};
  for (const c of preview.columns ?? []) next[c.header] = mapping?.[c.header] ?? c.field ?? 'ignore';
  next[header] = field;
  return next;
}

const fileProblem = (error: unknown) =>
  error instanceof ApiError ? error.fieldMessage('body.file') : undefined;

/** The page: the upload with its preview and mapping, the current import's report, past imports. */
function ImportsPage() {
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<ImportFormat | ''>('');
  const [mapping, setMapping] = useState<ImportMapping | null>(null);
  const [currentId, setCurrentId] = useState<string | null>(null);
  const start = useStartImport();
  const chosen = { ...(format ? { format } : {}), ...(mapping ? { mapping } : {}) };
  const preview = useImportPreview({ file, ...chosen });
  const choose = (next: File | null) => {
    setFile(next);
    setFormat('');
    setMapping(null);
    start.reset();
  };
  const chooseFormat = (next: ImportFormat | '') => {
    setFormat(next);
    // A mapping is for a generic CSV's own headers; another format maps its columns itself.
    setMapping(null);
  };
  const run = (dryRun: boolean) => {
    if (!file) return;
    start.mutate({ file, dryRun, ...chosen }, { onSuccess: (r) => setCurrentId(r.id) });
  };
  const previewProblem = fileProblem(preview.error);
  const fileError = previewProblem ?? fileProblem(start.error);
  const canRun = file !== null && !previewProblem && !preview.data?.problem;
  const shown = file ? preview.data : undefined;
  const onMap =
    shown?.format === 'csv'
      ? (header: string, field: ImportField) => setMapping(remap(shown, mapping, header, field))
      : null;

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
              onChange={(v) => chooseFormat((v ?? '') as ImportFormat | '')}
              allowDeselect={false}
              w={260}
            />
          </Group>
          {file && preview.isPending && <Skeleton h={120} aria-label="Reading the file" />}
          {shown && !previewProblem && (
            <ImportPreviewPanel
              preview={shown}
              isDetected={format === ''}
              isUpdating={preview.isFetching}
              mapping={mapping}
              onMap={onMap}
            />
          )}
          {preview.error && !previewProblem && <Alert color="red">{messageOf(preview.error)}</Alert>}
          {start.error && !fileError && <Alert color="red">{messageOf(start.error)}</Alert>}
          <Group>
            <Button
              variant="default"
              disabled={!canRun}
              loading={start.isPending && start.variables?.dryRun}
              onClick={() => run(true)}
            >
              Dry run
            </Button>
            <Button
              leftSection={<IconFileImport size={16} />}
              disabled={!canRun}
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
