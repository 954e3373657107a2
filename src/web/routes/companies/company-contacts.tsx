import { Button, Group, Stack, Text } from '@mantine/core';
import { IconUsers } from '@tabler/icons-react';
import { useMemo } from 'react';
import { type CompanyContact, useCompanyContacts } from '../../api/companies';
import { DueBadge } from '../../components/due-badge';
import { AnchorLink } from '../../components/links';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/states';
import { TierBadge } from '../../components/tier-badge';

/** The company's contacts, each leading to its contact page. */
export function CompanyContacts({ companyId }: { companyId: string }) {
  const list = useCompanyContacts(companyId);
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);

  if (list.isPending) return <ListSkeleton label="Loading contacts" rows={3} />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  if (items.length === 0) {
    return (
      <EmptyState title="No contacts yet" icon={<IconUsers size={28} />}>
        Link contacts to this company from their contact page.
      </EmptyState>
    );
  }
  return (
    <>
      <Stack component="ul" gap={0} p={0} m={0} aria-label="Company contacts">
        {items.map((contact) => (
          <ContactRow key={contact.id} contact={contact} />
        ))}
      </Stack>
      {list.hasNextPage && (
        <Group justify="center" mt="sm">
          <Button
            variant="default"
            size="xs"
            onClick={() => void list.fetchNextPage()}
            loading={list.isFetchingNextPage}
          >
            Show more contacts
          </Button>
        </Group>
      )}
    </>
  );
}

function ContactRow({ contact }: { contact: CompanyContact }) {
  return (
    <Group
      component="li"
      justify="space-between"
      wrap="nowrap"
      gap="sm"
      py={8}
      style={{ listStyle: 'none', borderBottom: '1px solid var(--mantine-color-default-border)' }}
      aria-label={contact.name}
    >
      <Stack gap={0} miw={0}>
        <AnchorLink
          to="/contacts/$contactId"
          params={{ contactId: contact.id }}
          fw={600}
          c="var(--mantine-color-text)"
          size="sm"
          truncate
        >
          {contact.name}
        </AnchorLink>
        <Text size="xs" c="dimmed" truncate>
          {contact.title ?? contact.emails[0] ?? ' '}
        </Text>
      </Stack>
      <Group gap={6} wrap="nowrap">
        {contact.tier && <TierBadge tier={contact.tier} size="sm" />}
        {contact.nextDueAt && <DueBadge due={contact} />}
      </Group>
    </Group>
  );
}
