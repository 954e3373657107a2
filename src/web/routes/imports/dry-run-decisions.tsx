import { Badge, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import type { ImportReport } from '../../api/imports';
import { AnchorLink } from '../../components/links';

type Decision = ImportReport['decisions'][number];
type Shown = 'all' | Decision['action'];

const ACTION_LABEL: Record<Decision['action'], string> = {
  created: 'Create',
  updated: 'Update',
  skipped: 'Skip',
};
const ACTION_COLOR: Record<Decision['action'], string> = {
  created: 'teal',
  updated: 'blue',
  skipped: 'gray',
};

/** A dry run's rows: what each would do and why, filtered by action, each matched contact linked. */
export function DryRunDecisions({ decisions, total }: { decisions: Decision[]; total: number | null }) {
  const [shown, setShown] = useState<Shown>('all');
  if (decisions.length === 0) return null;
  const rows = shown === 'all' ? decisions : decisions.filter((d) => d.action === shown);
  return (
    <Stack gap="xs">
      <SegmentedControl
        aria-label="Show rows"
        value={shown}
        onChange={(v) => setShown(v as Shown)}
        data={[
          { value: 'all', label: 'All' },
          { value: 'created', label: 'Create' },
          { value: 'updated', label: 'Update' },
          { value: 'skipped', label: 'Skip' },
        ]}
      />
      <Table.ScrollContainer minWidth={520} mah={360}>
        <Table striped aria-label="What each row would do">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Row</Table.Th>
              <Table.Th>Would</Table.Th>
              <Table.Th>Contact</Table.Th>
              <Table.Th>Why</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((d) => (
              <Table.Tr key={d.row}>
                <Table.Td>{d.row}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={ACTION_COLOR[d.action]}>
                    {ACTION_LABEL[d.action]}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {d.contactId ? (
                    <AnchorLink to="/contacts/$contactId" params={{ contactId: d.contactId }}>
                      {d.name}
                    </AnchorLink>
                  ) : (
                    d.name
                  )}
                </Table.Td>
                <Table.Td>{d.reason}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {total !== null && total > decisions.length && (
        <Text size="sm" c="dimmed">
          The first {decisions.length.toLocaleString('en')} of {total.toLocaleString('en')} rows; the counts
          above cover them all.
        </Text>
      )}
    </Stack>
  );
}
