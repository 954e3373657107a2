import { Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconBuilding, IconPlus, IconSearch, IconUsers } from '@tabler/icons-react';
import { createLazyRoute, getRouteApi, useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { type Company, useCompanies } from '../../api/companies';
import { AnchorLink } from '../../components/links';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/states';
import { CompanyFormModal } from './company-form';
import { FitStars } from './fit';

export const companiesLazyRoute = createLazyRoute('/app/companies')({ component: CompaniesPage });

const routeApi = getRouteApi('/app/companies');

function CompaniesPage() {
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  // ?new=true (the palette's "New company") opens the form; closing it takes the flag out of the address.
  const isAsked = routeApi.useSearch().new === true;
  const [isCreatingHere, setCreating] = useState(false);
  const isCreating = isCreatingHere || isAsked;
  const stopCreating = () => {
    setCreating(false);
    if (isAsked) void navigate({ to: '/companies', search: {}, replace: true });
  };
  const list = useCompanies(q);
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);

  return (
    <Stack maw={960} mx="auto" gap="lg">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <div>
          <Title order={1} size="h2">
            Companies
          </Title>
          <Text c="dimmed" size="sm">
            Where your contacts work, and how well each fits.
          </Text>
        </div>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
          New company
        </Button>
      </Group>
      <TextInput
        aria-label="Search companies"
        placeholder="Search companies by name"
        leftSection={<IconSearch size={16} />}
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        type="search"
      />
      {list.isPending ? (
        <ListSkeleton label="Loading companies" />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <Paper withBorder radius="lg">
          <EmptyState
            title={q ? `No company matches "${q}"` : 'No companies yet'}
            icon={<IconBuilding size={30} />}
          >
            {q ? 'Try part of the name, or add the company.' : 'Add the companies your contacts work for.'}
          </EmptyState>
        </Paper>
      ) : (
        <>
          <Stack
            component="ul"
            gap="xs"
            p={0}
            m={0}
            aria-label="Companies"
            aria-busy={list.isFetching && !list.isFetchingNextPage}
            style={{ opacity: list.isPlaceholderData ? 0.6 : 1 }}
          >
            {items.map((company) => (
              <CompanyRow key={company.id} company={company} />
            ))}
          </Stack>
          {list.hasNextPage && (
            <Group justify="center">
              <Button
                variant="default"
                onClick={() => void list.fetchNextPage()}
                loading={list.isFetchingNextPage}
              >
                Show more companies
              </Button>
            </Group>
          )}
        </>
      )}
      <CompanyFormModal
        opened={isCreating}
        company={null}
        onClose={stopCreating}
        onSaved={(company) => {
          setCreating(false);
          void navigate({ to: '/companies/$companyId', params: { companyId: company.id } });
        }}
      />
    </Stack>
  );
}

function CompanyRow({ company }: { company: Company }) {
  return (
    <Paper
      component="li"
      withBorder
      radius="md"
      p="sm"
      px="md"
      aria-label={company.name}
      style={{ listStyle: 'none' }}
    >
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Stack gap={2} miw={0} style={{ flex: '1 1 220px' }}>
          <AnchorLink
            to="/companies/$companyId"
            params={{ companyId: company.id }}
            fw={650}
            c="var(--mantine-color-text)"
            truncate
          >
            {company.name}
          </AnchorLink>
          <Text size="sm" c="dimmed" truncate>
            {[company.domain, company.industry].filter(Boolean).join(' · ') || 'No domain or industry yet'}
          </Text>
        </Stack>
        <Group gap="lg" wrap="nowrap">
          <FitStars rating={company.fitRating} />
          <Group gap={4} wrap="nowrap" miw={64} justify="flex-end" c="dimmed">
            <IconUsers size={16} stroke={1.7} aria-hidden />
            <Text size="sm" c="var(--mantine-color-text)" aria-label={`${company.contactCount} contacts`}>
              {company.contactCount}
            </Text>
          </Group>
        </Group>
      </Group>
    </Paper>
  );
}
