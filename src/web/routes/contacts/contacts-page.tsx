import {
  Button,
  Checkbox,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconSearch, IconUsers } from '@tabler/icons-react';
import { createLazyRoute, getRouteApi, useNavigate } from '@tanstack/react-router';
import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  type ContactFilters,
  DUE_FILTERS,
  type DueFilter,
  STAGES,
  type Stage,
  useContacts,
  useUsers,
} from '../../api/contacts';
import { useTiers } from '../../api/queries';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/states';
import { useProgressiveList } from '../../lib/progressive';
import { BulkBar } from './bulk-bar';
import { ContactListRow } from './contact-list-row';
import { ExportMenu } from './export-menu';
import { DUE_LABEL, STAGE_LABEL } from './labels';
import { NewContactModal } from './new-contact-modal';
import type { ContactsSearch } from './search';
import { SortBar } from './sort-bar';

export const contactsLazyRoute = createLazyRoute('/app/contacts')({ component: ContactsPage });

const routeApi = getRouteApi('/app/contacts');

function ContactsPage() {
  const { new: isAsked, ...filters } = routeApi.useSearch();
  const navigate = useNavigate({ from: '/contacts' });
  const [isCreatingHere, setCreating] = useState(false);
  // Filters and order live in the address, so a filtered view can be shared; a change replaces the entry.
  const setFilters = useCallback(
    (patch: Partial<ContactsSearch>) =>
      void navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true }),
    [navigate],
  );
  // ?new=true (the palette's "New contact") opens the form; closing it takes the flag out of the address.
  const stopCreating = () => {
    setCreating(false);
    if (isAsked) setFilters({ new: undefined });
  };

  return (
    <Stack maw={1040} mx="auto" gap="md">
      <Group justify="space-between" align="flex-end">
        <Title order={1} size="h2">
          Contacts
        </Title>
        <Group gap="sm">
          <ExportMenu filters={filters} />
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            New contact
          </Button>
        </Group>
      </Group>
      <Filters filters={filters} onChange={setFilters} />
      <ContactList filters={filters} onChange={setFilters} />
      <NewContactModal opened={isCreatingHere || isAsked === true} onClose={stopCreating} />
    </Stack>
  );
}

function Filters({
  filters,
  onChange,
}: {
  filters: ContactFilters;
  onChange: (patch: Partial<ContactFilters>) => void;
}) {
  const tiers = useTiers();
  const users = useUsers();
  const [q, setQ] = useState(filters.q ?? '');
  const [tag, setTag] = useState(filters.tag ?? '');
  const [debouncedQ] = useDebouncedValue(q, 250);
  const [debouncedTag] = useDebouncedValue(tag, 400);
  useEffect(() => {
    if ((debouncedQ.trim() || undefined) !== filters.q) onChange({ q: debouncedQ.trim() || undefined });
  }, [debouncedQ, filters.q, onChange]);
  useEffect(() => {
    if ((debouncedTag.trim() || undefined) !== filters.tag)
      onChange({ tag: debouncedTag.trim() || undefined });
  }, [debouncedTag, filters.tag, onChange]);

  return (
    <Stack gap="xs">
      <TextInput
        aria-label="Search contacts"
        placeholder="Search by name, email or company…"
        leftSection={<IconSearch size={16} />}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        type="search"
        size="md"
        data-autofocus
      />
      {/* Native selects: Mantine's Select keeps a positioned dropdown mounted per filter, which cost a
          forced style recalculation on every first render of this page. */}
      <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="xs">
        <NativeSelect
          aria-label="Tier"
          data={[
            { value: '', label: 'Any tier' },
            ...(tiers.data ?? []).map((t) => ({ value: t.id, label: t.name })),
          ]}
          value={filters.tierId ?? ''}
          onChange={(e) => onChange({ tierId: e.currentTarget.value || undefined })}
        />
        <NativeSelect
          aria-label="Stage"
          data={[
            { value: '', label: 'Any stage' },
            ...STAGES.map((s) => ({ value: s, label: STAGE_LABEL[s] })),
          ]}
          value={filters.stage ?? ''}
          onChange={(e) => onChange({ stage: (e.currentTarget.value as Stage) || undefined })}
        />
        <TextInput
          aria-label="Tag"
          placeholder="Any tag"
          value={tag}
          onChange={(e) => setTag(e.currentTarget.value)}
        />
        <NativeSelect
          aria-label="Owner"
          data={[
            { value: '', label: 'Any owner' },
            { value: 'me', label: 'Me' },
            ...(users.data ?? []).map((u) => ({ value: u.id, label: u.name })),
          ]}
          value={filters.ownerId ?? ''}
          onChange={(e) => onChange({ ownerId: e.currentTarget.value || undefined })}
        />
        <NativeSelect
          aria-label="Due"
          data={[
            { value: '', label: 'Any plan' },
            ...DUE_FILTERS.map((d) => ({ value: d, label: DUE_LABEL[d] })),
          ]}
          value={filters.due ?? ''}
          onChange={(e) => onChange({ due: (e.currentTarget.value as DueFilter) || undefined })}
        />
      </SimpleGrid>
      <Switch
        size="xs"
        label="Show archived contacts only"
        checked={filters.archived === true}
        onChange={(e) => onChange({ archived: e.currentTarget.checked || undefined })}
      />
    </Stack>
  );
}

/** Rows rendered at once; the rest of a page follows in a transition (about a screenful of rows). */
const FIRST_ROWS = 12;

function ContactList({
  filters,
  onChange,
}: {
  filters: ContactFilters;
  onChange: (patch: Partial<ContactFilters>) => void;
}) {
  const list = useContacts(filters);
  const users = useUsers();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const owners = useMemo(() => new Map((users.data ?? []).map((u) => [u.id, u.name])), [users.data]);
  const toggle = useCallback(
    (id: string) =>
      setSelected((prev) => {
        const next = new Set(prev);
        if (!next.delete(id)) next.add(id);
        return next;
      }),
    [],
  );
  const { sort: _sort, dir: _dir, ...narrowing } = filters;
  const isFiltered = Object.values(narrowing).some(Boolean);
  const filterKey = JSON.stringify(filters);
  // A changed filter shows other rows; keeping hidden ones selected would change contacts nobody can see.
  // biome-ignore lint/correctness/useExhaustiveDependencies: filterKey stands for the filters
  useEffect(() => setSelected(new Set()), [filterKey]);
  const allShown = items.length > 0 && items.every((c) => selected.has(c.id));
  const rows = useProgressiveList(items, FIRST_ROWS, filterKey);

  if (list.isPending) return <ListSkeleton label="Loading contacts" rows={6} />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <Stack gap="sm">
      {items.length > 0 && (
        <Group justify="space-between" px="md" gap="xs">
          <Checkbox
            size="xs"
            label="Select all shown"
            checked={allShown}
            indeterminate={selected.size > 0 && !allShown}
            onChange={() => setSelected(allShown ? new Set() : new Set(items.map((c) => c.id)))}
          />
          {filters.q ? (
            <Text size="xs" c="dimmed">
              Best matches first
            </Text>
          ) : (
            <SortBar
              order={{ sort: filters.sort ?? 'name', dir: filters.dir ?? 'asc' }}
              onChange={({ sort, dir }) =>
                onChange({ sort: sort === 'name' ? undefined : sort, dir: dir === 'asc' ? undefined : dir })
              }
            />
          )}
        </Group>
      )}
      {selected.size > 0 && <BulkBar ids={[...selected]} onClear={() => setSelected(new Set())} />}
      {items.length === 0 ? (
        <EmptyState
          title={isFiltered ? 'No contact matches' : 'No contacts yet'}
          icon={<IconUsers size={30} />}
        >
          {isFiltered
            ? 'Try fewer filters or another spelling.'
            : 'Add your first contact with “New contact”, or import them with the kith command.'}
        </EmptyState>
      ) : (
        <Stack
          component="ul"
          gap={6}
          p={0}
          m={0}
          aria-label="Contacts"
          aria-busy={(list.isFetching && !list.isFetchingNextPage) || !rows.isComplete}
          style={{ opacity: list.isPlaceholderData ? 0.6 : 1, transition: 'opacity 120ms' }}
        >
          {rows.shown.map((contact) => (
            <ContactListRow
              key={contact.id}
              contact={contact}
              ownerName={contact.ownerId ? owners.get(contact.ownerId) : undefined}
              isChecked={selected.has(contact.id)}
              onToggle={toggle}
            />
          ))}
        </Stack>
      )}
      {list.hasNextPage && (
        <Group justify="center">
          <Button
            variant="default"
            onClick={() => void list.fetchNextPage()}
            loading={list.isFetchingNextPage}
          >
            Load more
          </Button>
        </Group>
      )}
      {items.length > 0 && !list.hasNextPage && (
        <Text size="xs" c="dimmed" ta="center">
          {items.length} contact{items.length === 1 ? '' : 's'}
        </Text>
      )}
    </Stack>
  );
}
