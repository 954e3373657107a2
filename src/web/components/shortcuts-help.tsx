import { Kbd, Modal, Table, Text } from '@mantine/core';

const SHORTCUTS: { keys: string[]; what: string; where: string }[] = [
  { keys: ['Ctrl', 'K'], what: 'Search and commands', where: 'Everywhere' },
  { keys: ['?'], what: 'Show these shortcuts', where: 'Everywhere' },
  { keys: ['j'], what: 'Next contact', where: 'Today' },
  { keys: ['k'], what: 'Previous contact', where: 'Today' },
  { keys: ['l'], what: 'Log a touch with the selected contact', where: 'Today' },
  { keys: ['s'], what: 'Snooze the selected contact', where: 'Today' },
  { keys: ['o'], what: 'Open the selected contact', where: 'Today' },
  { keys: ['q'], what: 'Add the selected contact to a sequence', where: 'Today' },
  { keys: ['l'], what: 'Log a touch with this contact', where: 'Contact page' },
  { keys: ['s'], what: 'Snooze this contact', where: 'Contact page' },
  { keys: ['e'], what: 'Edit this contact', where: 'Contact page' },
  { keys: ['j'], what: 'Next suggestion', where: 'Suggested contacts' },
  { keys: ['k'], what: 'Previous suggestion', where: 'Suggested contacts' },
  { keys: ['a'], what: 'Add the selected suggestion as a contact', where: 'Suggested contacts' },
  { keys: ['i'], what: 'Ignore the selected suggestion', where: 'Suggested contacts' },
  { keys: ['d'], what: "Ignore the selected suggestion's whole domain", where: 'Suggested contacts' },
  { keys: ['Ctrl', 'Enter'], what: 'Save the quick log', where: 'Quick log' },
];

/** The list of keyboard shortcuts, opened with `?`. */
export function ShortcutsHelp({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts" size="md">
      <Table verticalSpacing={6} aria-label="Keyboard shortcuts">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Keys</Table.Th>
            <Table.Th>Does</Table.Th>
            <Table.Th>Where</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {SHORTCUTS.map((s) => (
            <Table.Tr key={`${s.where} ${s.what}`}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {s.keys.map((k, i) => (
                  <span key={k}>
                    {i > 0 && ' + '}
                    <Kbd size="xs">{k}</Kbd>
                  </span>
                ))}
              </Table.Td>
              <Table.Td>{s.what}</Table.Td>
              <Table.Td>
                <Text size="sm" c="dimmed">
                  {s.where}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}
