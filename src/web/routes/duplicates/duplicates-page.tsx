import { Badge, Button, Group, Paper, Radio, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCopy } from '@tabler/icons-react';
import { createLazyRoute } from '@tanstack/react-router';
import { useState } from 'react';
import { messageOf } from '../../api/client';
import {
  type DuplicatePair,
  type DuplicateReason,
  useDismissDuplicate,
  useDuplicates,
  useMergeContacts,
} from '../../api/duplicates';
import { useMe } from '../../api/queries';
import { ConfirmModal } from '../../components/confirm-modal';
import { AnchorLink } from '../../components/links';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/states';

/** Duplicates: pairs that look like one person, reviewed side by side, merged or dismissed. */
export const duplicatesLazyRoute = createLazyRoute('/app/duplicates')({ component: DuplicatesPage });

const REASON_LABEL: Record<DuplicateReason, string> = {
  email: 'Same email',
  phone: 'Same phone',
  linkedin: 'Same LinkedIn profile',
  name: 'Similar name, same company',
};

type Contact = DuplicatePair['contacts'][number];

const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

function DuplicatesPage() {
  const { data: me } = useMe();
  const duplicates = useDuplicates();
  const pairs = duplicates.data?.pages.flatMap((p) => p.items) ?? [];
  const canWrite = me?.role !== 'viewer';
  return (
    <Stack maw={1100} mx="auto" gap="lg">
      <div>
        <Title order={1} size="h2">
          Duplicates
        </Title>
        <Text c="dimmed" size="sm" maw={640}>
          Contacts that look like one person: the same email, phone or LinkedIn profile, or a similar name at
          the same company. Choose which one to keep and merge, or say they are different people.
        </Text>
      </div>
      {duplicates.isPending ? (
        <ListSkeleton label="Looking for duplicates" rows={3} />
      ) : duplicates.isError ? (
        <ErrorState error={duplicates.error} onRetry={() => void duplicates.refetch()} />
      ) : pairs.length === 0 ? (
        <Paper withBorder radius="lg">
          <EmptyState title="No duplicates found" icon={<IconCopy size={30} />}>
            Every contact looks like a different person.
          </EmptyState>
        </Paper>
      ) : (
        <Stack gap="md">
          {pairs.map((pair) => (
            <PairCard key={pair.contacts.map((c) => c.id).join(':')} pair={pair} canWrite={canWrite} />
          ))}
          {duplicates.hasNextPage ? (
            <Button
              variant="default"
              onClick={() => void duplicates.fetchNextPage()}
              loading={duplicates.isFetchingNextPage}
              mx="auto"
            >
              Show more
            </Button>
          ) : null}
        </Stack>
      )}
    </Stack>
  );
}

function PairCard({ pair, canWrite }: { pair: DuplicatePair; canWrite: boolean }) {
  const [a, b] = pair.contacts as [Contact, Contact];
  // Keep the older record by default: it is the one with the longer history.
  const [keepId, setKeepId] = useState(a.createdAt <= b.createdAt ? a.id : b.id);
  const [isConfirming, setConfirming] = useState(false);
  const merge = useMergeContacts();
  const dismiss = useDismissDuplicate();
  const kept = keepId === a.id ? a : b;
  const gone = keepId === a.id ? b : a;
  const title = `${a.name} and ${b.name}`;
  return (
    <Paper withBorder radius="lg" p="md" component="section" aria-label={`Possible duplicate: ${title}`}>
      <Stack gap="sm">
        <Group gap="xs" wrap="wrap">
          {pair.reasons.map((r) => (
            <Badge key={`${r.reason}:${r.detail}`} variant="light" title={r.detail}>
              {REASON_LABEL[r.reason]}
            </Badge>
          ))}
          <Text size="xs" c="dimmed">
            {Math.round(pair.score * 100)}% likely
          </Text>
        </Group>
        <Radio.Group
          value={keepId}
          onChange={setKeepId}
          label="Keep"
          aria-label={`Which of ${title} to keep`}
        >
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" mt={4}>
            {[a, b].map((c) => (
              <ContactSide key={c.id} contact={c} isKept={c.id === keepId} canWrite={canWrite} />
            ))}
          </SimpleGrid>
        </Radio.Group>
        {canWrite ? (
          <Group justify="flex-end" gap="sm">
            <Button
              variant="default"
              loading={dismiss.isPending}
              onClick={() =>
                dismiss.mutate([a.id, b.id], {
                  onSuccess: () => notifications.show({ message: `${title} won't be suggested again` }),
                  onError: (error) => notifications.show({ color: 'red', message: messageOf(error) }),
                })
              }
            >
              Not a duplicate
            </Button>
            <Button onClick={() => setConfirming(true)}>Merge…</Button>
          </Group>
        ) : null}
      </Stack>
      <ConfirmModal
        opened={isConfirming}
        title={`Merge ${gone.name} into ${kept.name}?`}
        confirmLabel="Merge"
        isPending={merge.isPending}
        error={merge.error}
        onClose={() => {
          setConfirming(false);
          merge.reset();
        }}
        onConfirm={() =>
          merge.mutate(
            { id: kept.id, duplicateId: gone.id },
            {
              onSuccess: () => {
                setConfirming(false);
                notifications.show({ message: `Merged into ${kept.name}` });
              },
            },
          )
        }
      >
        <Text size="sm">
          {gone.name}'s emails, phones, tags, interactions, facts and next steps move to {kept.name}, whose
          empty fields are filled from {gone.name}. Then {gone.name} is deleted. This cannot be undone.
        </Text>
      </ConfirmModal>
    </Paper>
  );
}

function ContactSide({
  contact: c,
  isKept,
  canWrite,
}: {
  contact: Contact;
  isKept: boolean;
  canWrite: boolean;
}) {
  const rows: [string, string][] = [
    ['Company', c.company?.name ?? ''],
    ['Title', c.title ?? ''],
    ['Emails', c.emails.join(', ')],
    ['Phones', c.phones.map((p) => (p.label ? `${p.number} (${p.label})` : p.number)).join(', ')],
    ['LinkedIn', c.linkedinUrl ?? ''],
    ['Tags', c.tags.join(', ')],
    ['Birthday', c.birthday ?? ''],
    ['Last touch', c.lastTouchAt ? day.format(new Date(c.lastTouchAt)) : 'never'],
    ['Added', day.format(new Date(c.createdAt))],
  ];
  return (
    <Paper withBorder radius="md" p="sm" bg={isKept ? 'var(--mantine-primary-color-light)' : undefined}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <AnchorLink to="/contacts/$contactId" params={{ contactId: c.id }} fw={600}>
            {c.name}
          </AnchorLink>
          {canWrite ? <Radio value={c.id} label={isKept ? 'Kept' : 'Keep this one'} size="sm" /> : null}
        </Group>
        {rows
          .filter(([, value]) => value !== '')
          .map(([label, value]) => (
            <Text key={label} size="sm" style={{ overflowWrap: 'anywhere' }}>
              <Text span c="dimmed" size="sm">
                {label}:{' '}
              </Text>
              {value}
            </Text>
          ))}
      </Stack>
    </Paper>
  );
}
