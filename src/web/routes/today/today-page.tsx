import { Badge, Button, Group, Stack, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useHotkeys, useLocalStorage, useMediaQuery } from '@mantine/hooks';
import { IconCalendarCheck } from '@tabler/icons-react';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { canSeeTeam, type Owner, type TodayItem, useMe, useToday, visibleOwner } from '../../api/queries';
import { useQuickLog } from '../../components/quick-log-context';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/states';
import { formatLongDay, isIsoDate, todayIso } from '../../lib/dates';
import { useProgressiveList } from '../../lib/progressive';
import { OrphansList } from './orphans-list';
import { SnoozeModal } from './snooze-modal';
import { Counts, OwnerSelect } from './today-header';
import { type Density, type RowHandlers, TodayRow } from './today-row';
import rowClasses from './today-row.module.css';

// Adding to a sequence (q) loads its dialog on first use, keeping it out of the initial bundle.
const EnrollModal = lazy(() => import('../contacts/enroll-modal').then((m) => ({ default: m.EnrollModal })));

const routeApi = getRouteApi('/app/');

/** Rows rendered before the rest of the page: a desktop screen shows about three. */
const FIRST_ROWS = 5;

const OWNER_VIEWS: { value: 'me' | 'all'; label: string }[] = [
  { value: 'me', label: 'Mine' },
  { value: 'all', label: 'Team' },
];

/** The row layout, remembered per user in this browser: compact unless they chose roomy. */
function useDensity(userId: string | undefined) {
  const [density, setDensity] = useLocalStorage<Density>({
    key: `kith.today.density.${userId ?? 'anonymous'}`,
    defaultValue: 'compact',
    getInitialValueInEffect: false,
  });
  return [density === 'roomy' ? 'roomy' : 'compact', setDensity] as const;
}

/** The ranked due list (and "No plan"); the landing screen, so it is not split into its own chunk. */
export function TodayPage() {
  const search = routeApi.useSearch();
  const navigate = useNavigate({ from: '/' });
  const today = todayIso();
  const asOf = search.asOf ?? today;
  const owner: Owner = search.owner ?? 'me';
  const tab = search.tab ?? 'due';
  const { data: me } = useMe();
  const isTeamAllowed = canSeeTeam(me);
  const list = useToday(asOf, visibleOwner(me, owner));
  const [density, setDensity] = useDensity(me?.id);
  const isTeamView = visibleOwner(me, owner) !== 'me';
  const first = list.data?.pages[0];
  const setSearch = (patch: Partial<typeof search>) =>
    void navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true });

  return (
    <Stack maw={density === 'compact' ? 1240 : 960} mx="auto" gap={density === 'compact' ? 'md' : 'lg'}>
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <div>
          <Title order={1} size="h2">
            {asOf === today ? 'Today' : 'Plan ahead'}
          </Title>
          <Text c="dimmed" size="sm">
            {formatLongDay(asOf)}
          </Text>
        </div>
        <Group gap="sm" align="flex-end" wrap="wrap">
          {isTeamAllowed && (
            // Two toggle buttons, not a SegmentedControl: its sliding indicator measures the layout
            // on mount and on every resize, about 60 ms of forced layout while Today first renders.
            <Button.Group aria-label="Whose contacts">
              {OWNER_VIEWS.map((view) => (
                <Button
                  key={view.value}
                  variant={(owner === 'me') === (view.value === 'me') ? 'filled' : 'default'}
                  aria-pressed={(owner === 'me') === (view.value === 'me')}
                  onClick={() => setSearch({ owner: view.value === 'all' ? 'all' : undefined })}
                >
                  {view.label}
                </Button>
              ))}
            </Button.Group>
          )}
          {isTeamView && <OwnerSelect owner={owner} onChange={(value) => setSearch({ owner: value })} />}
          <TextInput
            type="date"
            label="Plan for"
            value={asOf}
            onChange={(e) => {
              const value = e.currentTarget.value;
              if (isIsoDate(value)) setSearch({ asOf: value === today ? undefined : value });
            }}
            w={170}
          />
        </Group>
      </Group>
      <Counts list={list.data?.pages[0]} onShowOrphans={() => setSearch({ tab: 'orphans' })} />
      <Tabs
        value={tab}
        onChange={(v) => setSearch({ tab: v === 'orphans' ? 'orphans' : undefined })}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="due">Due{first ? ` (${first.counts.due})` : ''}</Tabs.Tab>
          <Tabs.Tab value="orphans">No plan{first ? ` (${first.counts.orphans})` : ''}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="due">
          <DueList
            list={list}
            asOf={asOf}
            isToday={asOf === today}
            density={density}
            onDensity={setDensity}
            showOwner={isTeamView}
          />
        </Tabs.Panel>
        <Tabs.Panel value="orphans">
          <OrphansList owner={visibleOwner(me, owner)} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function DueList({
  list,
  asOf,
  isToday,
  density,
  onDensity,
  showOwner,
}: {
  list: ReturnType<typeof useToday>;
  asOf: string;
  isToday: boolean;
  density: Density;
  onDensity: (density: Density) => void;
  showOwner: boolean;
}) {
  const quickLog = useQuickLog();
  const navigate = useNavigate();
  // Read at once (not in an effect), so the rows render once, in the layout they keep.
  const isNarrow = useMediaQuery('(max-width: 47.99em)', false, { getInitialValueInEffect: false }) ?? false;
  const [selected, setSelected] = useState(0);
  const [snoozing, setSnoozing] = useState<{ id: string; name: string } | null>(null);
  const [enrolling, setEnrolling] = useState<{ id: string; name: string }[] | null>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const items = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);
  const { shown, isComplete } = useProgressiveList(items, FIRST_ROWS, asOf);

  useEffect(() => {
    if (selected >= items.length && items.length > 0) setSelected(items.length - 1);
  }, [items.length, selected]);

  const openQuickLog = quickLog.open;
  const logWith = useCallback(
    (item: TodayItem) =>
      openQuickLog({
        contacts: [
          {
            id: item.contact.id,
            name: item.contact.name,
            company: item.contact.company?.name ?? null,
            intervalDays: item.intervalDays,
            tierId: item.tier?.id ?? null,
          },
        ],
      }),
    [openQuickLog],
  );
  const handlers = useMemo<RowHandlers>(
    () => ({ select: setSelected, log: logWith, snooze: (item) => setSnoozing(item.contact) }),
    [logWith],
  );
  const move = (delta: number) => {
    const next = Math.min(Math.max(selected + delta, 0), items.length - 1);
    setSelected(next);
    listRef.current?.children[next]?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  };
  const current = items[selected];
  const isBusy = quickLog.state.opened || snoozing !== null;
  const when = (run: (item: TodayItem) => void) => () => {
    if (current && !isBusy) run(current);
  };
  useHotkeys([
    ['j', () => !isBusy && move(1)],
    ['k', () => !isBusy && move(-1)],
    ['l', when(logWith)],
    ['s', when((item) => setSnoozing(item.contact))],
    ['q', when((item) => setEnrolling([item.contact]))],
    [
      'o',
      when((item) => void navigate({ to: '/contacts/$contactId', params: { contactId: item.contact.id } })),
    ],
  ]);

  if (list.isPending) return <ListSkeleton label="Loading Today" />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  if (items.length === 0) {
    return (
      <EmptyState
        title={isToday ? 'Nobody is due today' : `Nobody is due on ${formatLongDay(asOf)}`}
        icon={<IconCalendarCheck size={30} />}
      >
        Every relationship is on track. Pick a later date to plan ahead, or check the contacts without a plan.
      </EmptyState>
    );
  }
  return (
    <>
      <Group justify="space-between" mb="xs" gap="xs">
        <Text size="xs" c="dimmed" visibleFrom="sm">
          Ranked by priority, lateness and readiness
        </Text>
        {/* Toggle buttons, not a SegmentedControl, for the reason given at the owner toggle. */}
        <Button.Group aria-label="Row layout" visibleFrom="sm">
          {(['compact', 'roomy'] as const).map((value) => (
            <Button
              key={value}
              size="compact-xs"
              variant={density === value ? 'filled' : 'default'}
              aria-pressed={density === value}
              onClick={() => onDensity(value)}
            >
              {value === 'compact' ? 'Compact' : 'Roomy'}
            </Button>
          ))}
        </Button.Group>
        <Group gap={4} visibleFrom="sm">
          {['j', 'k', 'l', 's', 'o', '?'].map((k) => (
            <Badge key={k} size="xs" variant="default" radius="sm" tt="none">
              {k}
            </Badge>
          ))}
        </Group>
      </Group>
      <ul
        ref={listRef}
        className={rowClasses.list}
        data-density={density}
        aria-label="Due contacts"
        aria-busy={!isComplete}
      >
        {shown.map((item, i) => (
          <TodayRow
            key={item.contact.id}
            item={item}
            index={i}
            isNarrow={isNarrow}
            isSelected={i === selected}
            density={density}
            showOwner={showOwner}
            handlers={handlers}
          />
        ))}
      </ul>
      {list.hasNextPage && (
        <Group justify="center" mt="md">
          <Button
            variant="default"
            onClick={() => void list.fetchNextPage()}
            loading={list.isFetchingNextPage}
          >
            Show more ({items.length} of {list.data?.pages[0]?.counts.due})
          </Button>
        </Group>
      )}
      <SnoozeModal contact={snoozing} onClose={() => setSnoozing(null)} />
      {enrolling && (
        <Suspense fallback={null}>
          <EnrollModal contacts={enrolling} onClose={() => setEnrolling(null)} />
        </Suspense>
      )}
    </>
  );
}
