import { Button, Menu } from '@mantine/core';
import { IconChevronDown, IconDownload } from '@tabler/icons-react';
import type { ContactFilters } from '../../api/contacts';

/** The export's address for the list's current filters: the browser downloads it, streamed by the server. */
export function exportHref(filters: ContactFilters, format: 'vcard' | 'csv', version?: '3.0'): string {
  const query = new URLSearchParams({ format });
  if (version) query.set('version', version);
  for (const [key, value] of Object.entries(filters)) {
    if (value !== undefined && value !== '' && value !== false) query.set(key, String(value));
  }
  return `/api/contacts/export?${query}`;
}

/** Export: the contacts the list shows (its filters), as vCard or CSV. */
export function ExportMenu({ filters }: { filters: ContactFilters }) {
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          variant="default"
          leftSection={<IconDownload size={16} />}
          rightSection={<IconChevronDown size={14} />}
        >
          Export
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>The contacts these filters show</Menu.Label>
        <Menu.Item component="a" href={exportHref(filters, 'vcard')} download>
          vCard (phones, address books)
        </Menu.Item>
        <Menu.Item component="a" href={exportHref(filters, 'vcard', '3.0')} download>
          vCard 3.0 (older address books)
        </Menu.Item>
        <Menu.Item component="a" href={exportHref(filters, 'csv')} download>
          CSV (spreadsheets)
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
