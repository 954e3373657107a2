import { Badge, Checkbox, Group, Paper, Stack, Text } from '@mantine/core';
import { IconUser } from '@tabler/icons-react';
import { memo } from 'react';
import type { ContactListItem } from '../../api/contacts';
import { RowAnchor } from '../../components/links';
import { TierBadge } from '../../components/tier-badge';
import { UnsnoozeButton } from '../../components/unsnooze-button';
import { dueText, STAGE_LABEL } from './labels';

/** One contact in the list: name and company, tier, stage, due state and owner, with a checkbox for bulk changes. */
export const ContactListRow = memo(function ContactListRow({
  contact,
  ownerName,
  isChecked,
  onToggle,
}: {
  contact: ContactListItem;
  ownerName: string | undefined;
  isChecked: boolean;
  onToggle: (id: string) => void;
}) {
  const due = dueText(contact);
  return (
    <Paper
      component="li"
      withBorder
      radius="md"
      px="md"
      py="sm"
      className="kith-row"
      data-selected={isChecked}
      aria-label={contact.name}
      style={{ listStyle: 'none' }}
    >
      <Group wrap="nowrap" align="flex-start" gap="md">
        <Checkbox
          mt={4}
          checked={isChecked}
          onChange={() => onToggle(contact.id)}
          aria-label={`Select ${contact.name}`}
        />
        <Group justify="space-between" wrap="wrap" gap="xs" style={{ flex: 1 }} miw={0}>
          <Stack gap={0} miw={0} style={{ flex: '1 1 220px' }}>
            <RowAnchor href={`/contacts/${contact.id}`} fw={650} c="var(--mantine-color-text)" truncate>
              {contact.name}
            </RowAnchor>
            <Text size="sm" c="dimmed" truncate>
              {[contact.title, contact.company?.name].filter(Boolean).join(' · ') || '\u00a0'}
            </Text>
          </Stack>
          <Group gap={6} wrap="wrap" style={{ flex: '0 1 auto' }}>
            <TierBadge tier={contact.tier} size="sm" />
            <Badge color="gray" variant="light" size="sm" radius="sm">
              {STAGE_LABEL[contact.stage]}
            </Badge>
            <Badge color={due.color} variant={due.isStrong ? 'filled' : 'light'} size="sm" radius="sm">
              {due.text}
            </Badge>
            {contact.snoozedUntil && (
              <UnsnoozeButton contact={{ ...contact, snoozedUntil: contact.snoozedUntil }} isCompact />
            )}
            <Group gap={4} wrap="nowrap" w={{ base: 'auto', sm: 130 }}>
              <IconUser size={14} color="var(--mantine-color-gray-6)" aria-hidden />
              <Text size="xs" c="dimmed" truncate aria-label={`Owner: ${ownerName ?? 'nobody'}`}>
                {ownerName ?? 'No owner'}
              </Text>
            </Group>
          </Group>
        </Group>
      </Group>
    </Paper>
  );
});
