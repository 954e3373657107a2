import { ActionIcon, Badge, Button, Group, Menu, Paper, Stack, Text, Title, Tooltip } from '@mantine/core';
import {
  IconArchive,
  IconCalendarDue,
  IconClockPause,
  IconDots,
  IconEdit,
  IconMail,
  IconPencilPlus,
  IconRoute,
  IconTarget,
  IconTrash,
} from '@tabler/icons-react';
import { type Contact, useNextSteps } from '../../api/contacts';
import { AttemptsBadge } from '../../components/attempts-badge';
import { DueBadge } from '../../components/due-badge';
import { AnchorLink } from '../../components/links';
import { TierBadge } from '../../components/tier-badge';
import { UnsnoozeButton } from '../../components/unsnooze-button';
import { formatDay } from '../../lib/dates';
import { REASON_LABEL, STAGE_LABEL } from './labels';

type Actions = {
  onLog: () => void;
  onSnooze: () => void;
  onEdit: () => void;
  onArchive: () => void;
  onDelete: () => void;
  onEmail: () => void;
  onEnroll: () => void;
};

/** Who the contact is, where the relationship stands, and what to do now. */
export function ContactHeader({ contact, ...actions }: { contact: Contact } & Actions) {
  const steps = useNextSteps(contact.id);
  const openStep = steps.data?.filter((s) => !s.done).sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];

  return (
    <Paper withBorder radius="lg" p={{ base: 'md', sm: 'lg' }} component="header">
      <Group justify="space-between" align="flex-start" gap="md" wrap="wrap">
        <Stack gap={6} miw={0} style={{ flex: '1 1 320px' }}>
          <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
            {contact.name}
          </Title>
          {(contact.title || contact.company) && (
            <Text c="dimmed" size="sm">
              {contact.title}
              {contact.title && contact.company ? ' at ' : ''}
              {contact.company && (
                <AnchorLink to="/companies/$companyId" params={{ companyId: contact.company.id }} size="sm">
                  {contact.company.name}
                </AnchorLink>
              )}
            </Text>
          )}
          <Group gap={6} wrap="wrap" mt={2}>
            <TierBadge tier={contact.tier} />
            <Badge color="gray" variant="light" radius="sm">
              {STAGE_LABEL[contact.stage]}
            </Badge>
            <DueBadge due={contact} size="md" />
            <AttemptsBadge attempts={contact.attempts} />
            {contact.snoozedUntil && (
              <>
                <Badge color="violet" variant="light" radius="sm" leftSection={<IconClockPause size={12} />}>
                  Snoozed until {formatDay(contact.snoozedUntil)}
                </Badge>
                <UnsnoozeButton contact={{ ...contact, snoozedUntil: contact.snoozedUntil }} />
              </>
            )}
            {contact.doNotContact && (
              <Badge color="red" variant="outline" radius="sm">
                Do not contact
              </Badge>
            )}
            {contact.archived && (
              <Badge color="gray" variant="filled" radius="sm">
                Archived
              </Badge>
            )}
          </Group>
          <Stack gap={4} mt={6}>
            {contact.nextDueAt && (
              <Group gap={6} wrap="nowrap" align="flex-start">
                <IconCalendarDue
                  size={16}
                  style={{ flexShrink: 0, marginTop: 2 }}
                  color="var(--mantine-color-teal-7)"
                />
                <Text size="sm">
                  Next due <b>{formatDay(contact.nextDueAt)}</b>
                  {contact.dueReason ? ` · ${REASON_LABEL[contact.dueReason]}` : ''}
                </Text>
              </Group>
            )}
            <Group gap={6} wrap="nowrap" align="flex-start">
              <IconTarget
                size={16}
                style={{ flexShrink: 0, marginTop: 2 }}
                color="var(--mantine-color-teal-7)"
              />
              {openStep ? (
                <Text size="sm" aria-label="Open next step">
                  {openStep.action}{' '}
                  <Text span c="dimmed" size="sm">
                    by {formatDay(openStep.dueAt)}
                  </Text>
                </Text>
              ) : (
                <Text size="sm" c="dimmed">
                  {steps.isPending ? 'Loading the next step…' : 'No next step planned'}
                </Text>
              )}
            </Group>
          </Stack>
        </Stack>
        <HeaderActions name={contact.name} isArchived={contact.archived} {...actions} />
      </Group>
    </Paper>
  );
}

function HeaderActions({
  name,
  isArchived,
  onLog,
  onSnooze,
  onEdit,
  onArchive,
  onDelete,
  onEmail,
  onEnroll,
}: { name: string; isArchived: boolean } & Actions) {
  return (
    <Group gap={6} wrap="nowrap">
      <Tooltip label="Shortcut: l">
        <Button leftSection={<IconPencilPlus size={16} />} onClick={onLog} aria-keyshortcuts="l">
          Log a touch
        </Button>
      </Tooltip>
      <Tooltip label="Shortcut: s">
        <ActionIcon
          variant="default"
          size="lg"
          onClick={onSnooze}
          aria-label={`Snooze ${name}`}
          aria-keyshortcuts="s"
        >
          <IconClockPause size={18} />
        </ActionIcon>
      </Tooltip>
      <Tooltip label="Shortcut: e">
        <ActionIcon
          variant="default"
          size="lg"
          onClick={onEdit}
          aria-label={`Edit ${name}`}
          aria-keyshortcuts="e"
        >
          <IconEdit size={18} />
        </ActionIcon>
      </Tooltip>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="default" size="lg" aria-label="More actions">
            <IconDots size={18} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconMail size={16} />} onClick={onEmail}>
            Send an email
          </Menu.Item>
          <Menu.Item leftSection={<IconRoute size={16} />} onClick={onEnroll}>
            Add to a sequence
          </Menu.Item>
          <Menu.Item leftSection={<IconArchive size={16} />} onClick={onArchive}>
            {isArchived ? 'Restore' : 'Archive'}
          </Menu.Item>
          <Menu.Item leftSection={<IconTrash size={16} />} color="red" onClick={onDelete}>
            Delete
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}
