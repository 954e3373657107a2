import { Alert, Badge, Group, Loader, NativeSelect, Stack, Table, Text } from '@mantine/core';
import type { ImportField, ImportMapping, ImportPreview } from '../../api/imports';
import { FORMAT_LABEL } from './import-formats';

type Props = {
  preview: ImportPreview;
  /** Whether the file told the format (rather than the person choosing it). */
  isDetected: boolean;
  /** Whether a newer preview is on its way (after a new format or mapping). */
  isUpdating: boolean;
  /** The mapping chosen so far, shown while the preview under it is read. */
  mapping: ImportMapping | null;
  /** Sets what one column fills; offered for a generic CSV, whose columns the person maps. */
  onMap: ((header: string, field: ImportField) => void) | null;
};

const IGNORE = 'ignore';

/**
 * What the import will read: the format, and the first rows as a table, each CSV column with the field it
 * fills (a choice for a generic CSV). A vCard file shows its first people instead.
 */
export function ImportPreviewPanel({ preview, isDetected, isUpdating, mapping, onMap }: Props) {
  const labelOf = new Map(preview.fields.map((f) => [f.value, f.label]));
  return (
    <Stack gap="xs" data-testid="import-preview">
      <Group gap="xs">
        <Text size="sm">
          {isDetected ? 'Detected: ' : 'Read as: '}
          <Text span fw={600}>
            {FORMAT_LABEL[preview.format]}
          </Text>
        </Text>
        {isUpdating && <Loader size="xs" aria-label="Reading the file again" />}
      </Group>
      {preview.problem && (
        <Alert color="orange" title="Which column holds the name or the email?" data-testid="import-problem">
          Kith needs a name or an email address for each person: choose First name, Last name, Full name or
          Email for one of the columns below.
        </Alert>
      )}
      {preview.columns ? (
        <CsvTable preview={preview} labelOf={labelOf} mapping={mapping} onMap={onMap} />
      ) : (
        <CardTable preview={preview} />
      )}
      <Text size="xs" c="dimmed">
        The first {preview.rows.length} {preview.rows.length === 1 ? 'row' : 'rows'} of the file, as they will
        be read.
        {!onMap && preview.columns && ' To map the columns yourself, choose "Other CSV" as the format.'}
      </Text>
    </Stack>
  );
}

function CsvTable({
  preview,
  labelOf,
  mapping,
  onMap,
}: {
  preview: ImportPreview;
  labelOf: Map<string, string>;
  mapping: ImportMapping | null;
  onMap: Props['onMap'];
}) {
  // A column is its place in the file: headers may repeat or be empty.
  const columns = (preview.columns ?? []).map((c, index) => ({ ...c, index, key: `column-${index}` }));
  const choices = [
    { value: IGNORE, label: 'Ignore' },
    ...preview.fields.map((f) => ({ value: f.value, label: f.label })),
  ];
  return (
    <Table.ScrollContainer minWidth={Math.max(360, columns.length * 150)}>
      <Table withTableBorder withColumnBorders striped>
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => (
              <Table.Th key={c.key} miw={130}>
                <Text size="sm" fw={600} lineClamp={2}>
                  {c.header || `Column ${c.index + 1}`}
                </Text>
                {onMap ? (
                  <NativeSelect
                    size="xs"
                    mt={4}
                    aria-label={`Field for column ${c.header || c.index + 1}`}
                    data={choices}
                    value={mapping?.[c.header] ?? c.field ?? IGNORE}
                    onChange={(e) => onMap(c.header, e.currentTarget.value as ImportField)}
                  />
                ) : (
                  <Badge mt={4} variant={c.field ? 'light' : 'outline'} color={c.field ? 'blue' : 'gray'}>
                    {c.field ? labelOf.get(c.field) : 'Ignored'}
                  </Badge>
                )}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {preview.rows.map((r) => (
            <Table.Tr key={r.row}>
              {columns.map((c) => (
                <Table.Td key={c.key} c={c.field ? undefined : 'dimmed'}>
                  <Text size="sm" lineClamp={2}>
                    {r.cells?.[c.index] ?? ''}
                  </Text>
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function CardTable({ preview }: { preview: ImportPreview }) {
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table withTableBorder striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Email</Table.Th>
            <Table.Th>Phone</Table.Th>
            <Table.Th>Company</Table.Th>
            <Table.Th>Job title</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {preview.rows.map(({ row, person, error }) =>
            person ? (
              <Table.Tr key={row}>
                <Table.Td>
                  {person.fullName ?? [person.firstName, person.lastName].filter(Boolean).join(' ')}
                </Table.Td>
                <Table.Td>{person.emails.join(', ')}</Table.Td>
                <Table.Td>{person.phones.map((p) => p.number).join(', ')}</Table.Td>
                <Table.Td>{person.company}</Table.Td>
                <Table.Td>{person.title}</Table.Td>
              </Table.Tr>
            ) : (
              <Table.Tr key={row}>
                <Table.Td colSpan={5} c="red">
                  Card {row}: {error}
                </Table.Td>
              </Table.Tr>
            ),
          )}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
