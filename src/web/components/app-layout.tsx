import {
  ActionIcon,
  AppShell,
  Avatar,
  Burger,
  Button,
  Group,
  Kbd,
  Menu,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import {
  IconAdjustmentsHorizontal,
  IconBuilding,
  IconCalendarDue,
  IconCalendarEvent,
  IconChartBar,
  IconChevronDown,
  IconCopy,
  IconFileImport,
  IconHistory,
  IconKey,
  IconKeyboard,
  IconLogout,
  IconMailForward,
  IconPencilPlus,
  IconRoute,
  IconSearch,
  IconTemplate,
  IconUserCircle,
  IconUserPlus,
  IconUsers,
  IconUsersGroup,
} from '@tabler/icons-react';
import { Link, useNavigate, useRouterState } from '@tanstack/react-router';
import { lazy, type ReactNode, Suspense } from 'react';
import { canSeeTeam, type Me, useSignOut } from '../api/queries';
import { NavLinkLink } from './links';
import { openPalette, PaletteLauncher } from './palette-launcher';
import { QuickLogProvider, useQuickLog } from './quick-log-context';
import { ShortcutsHelp } from './shortcuts-help';

// The quick log's form (contact picker, chips) loads on first use, keeping it out of the initial bundle.
const QuickLogModal = lazy(() => import('./quick-log').then((m) => ({ default: m.QuickLogModal })));

const NAV = [
  { to: '/', label: 'Today', icon: IconCalendarDue },
  { to: '/contacts', label: 'Contacts', icon: IconUsers },
  { to: '/companies', label: 'Companies', icon: IconBuilding },
  { to: '/duplicates', label: 'Duplicates', icon: IconCopy },
  { to: '/suggestions', label: 'Suggested', icon: IconUserPlus },
  { to: '/sequences', label: 'Sequences', icon: IconRoute },
  { to: '/outbox', label: 'Outbox', icon: IconMailForward },
  { to: '/persistence', label: 'Persistence', icon: IconChartBar },
  { to: '/imports', label: 'Import', icon: IconFileImport },
] as const;

/** Settings; Team and the audit log are for admins and owners. */
const SETTINGS = [
  { to: '/settings/tiers', label: 'Tiers', icon: IconAdjustmentsHorizontal, isAdminOnly: false },
  { to: '/settings/team', label: 'Team', icon: IconUsersGroup, isAdminOnly: true },
  { to: '/settings/tokens', label: 'API tokens', icon: IconKey, isAdminOnly: false },
  { to: '/settings/capture', label: 'Mail & calendar', icon: IconCalendarEvent, isAdminOnly: false },
  { to: '/settings/templates', label: 'Templates', icon: IconTemplate, isAdminOnly: false },
  { to: '/settings/audit', label: 'Audit log', icon: IconHistory, isAdminOnly: true },
  { to: '/settings/profile', label: 'Profile', icon: IconUserCircle, isAdminOnly: false },
] as const;

/** The signed-in frame: header, navigation, user menu, quick log and the command palette. */
export function AppLayout({ me, children }: { me: Me; children: ReactNode }) {
  return (
    <QuickLogProvider>
      <Shell me={me}>{children}</Shell>
      <LazyQuickLog />
      <PaletteLauncher />
    </QuickLogProvider>
  );
}

function LazyQuickLog() {
  const { state } = useQuickLog();
  if (state.session === 0) return null;
  return (
    <Suspense fallback={null}>
      <QuickLogModal />
    </Suspense>
  );
}

function Shell({ me, children }: { me: Me; children: ReactNode }) {
  const [navOpened, nav] = useDisclosure(false);
  const [helpOpened, help] = useDisclosure(false);
  const quickLog = useQuickLog();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  useHotkeys([['shift+?', help.open]]);

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
      padding={{ base: 'sm', sm: 'lg' }}
    >
      <AppShell.Header className="kith-header">
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={navOpened}
              onClick={nav.toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={navOpened ? 'Close navigation' : 'Open navigation'}
            />
            <Logo />
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Button
              variant="default"
              leftSection={<IconSearch size={16} />}
              rightSection={<Kbd size="xs">Ctrl K</Kbd>}
              onClick={openPalette}
              visibleFrom="md"
              c="dimmed"
              fw={400}
              w={220}
              justify="space-between"
            >
              Search…
            </Button>
            {/* A phone has no Ctrl-K: search is this button, one tap from every screen. */}
            <ActionIcon
              variant="default"
              size={44}
              radius="md"
              onClick={openPalette}
              hiddenFrom="md"
              aria-label="Search"
            >
              <IconSearch size={20} />
            </ActionIcon>
            <Button
              leftSection={<IconPencilPlus size={16} />}
              onClick={() => quickLog.open()}
              aria-label="Log a touch"
            >
              Log
            </Button>
            <UserMenu me={me} onShowShortcuts={help.open} />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar
        p="sm"
        aria-label="Main"
        className="kith-navbar"
        data-collapsed={!navOpened || undefined}
      >
        <Stack gap={4}>
          {NAV.map((item) => (
            <NavLinkLink
              key={item.to}
              to={item.to}
              label={item.label}
              leftSection={<item.icon size={18} stroke={1.6} />}
              active={item.to === '/' ? pathname === '/' : pathname.startsWith(item.to)}
              className="kith-nav-link"
              onClick={nav.close}
              style={{ borderRadius: 8 }}
            />
          ))}
        </Stack>
        <Text size="xs" fw={600} c="dimmed" tt="uppercase" px="sm" mt="lg" mb={4} id="settings-nav">
          Settings
        </Text>
        <Stack gap={4} component="nav" aria-labelledby="settings-nav">
          {SETTINGS.filter((item) => !item.isAdminOnly || canSeeTeam(me)).map((item) => (
            <NavLinkLink
              key={item.to}
              to={item.to}
              label={item.label}
              leftSection={<item.icon size={18} stroke={1.6} />}
              active={pathname.startsWith(item.to)}
              className="kith-nav-link"
              onClick={nav.close}
              style={{ borderRadius: 8 }}
            />
          ))}
        </Stack>
        <Text size="xs" c="dimmed" mt="auto" px="sm" hiddenFrom="md">
          Press <Kbd size="xs">Ctrl K</Kbd> to search
        </Text>
      </AppShell.Navbar>
      <AppShell.Main bg="gray.0">{children}</AppShell.Main>
      <ShortcutsHelp opened={helpOpened} onClose={help.close} />
    </AppShell>
  );
}

function Logo() {
  return (
    <Link
      to="/"
      style={{ textDecoration: 'none', color: 'inherit', display: 'flex', alignItems: 'center', gap: 8 }}
      aria-label="Kith, go to Today"
    >
      <img src="/favicon.svg" alt="" width={28} height={28} />
      <Text fw={700} size="lg" lts={-0.3}>
        Kith
      </Text>
    </Link>
  );
}

function UserMenu({ me, onShowShortcuts }: { me: Me; onShowShortcuts: () => void }) {
  const signOut = useSignOut();
  const navigate = useNavigate();
  const initials = me.name
    .split(/\s+/)
    .map((part) => part[0])
    .join('')
    .slice(0, 2)
    .toUpperCase();
  return (
    <Menu position="bottom-end" width={220} withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={`Account menu for ${me.name}`}>
          <Group gap={6} wrap="nowrap">
            <Avatar color="teal" radius="xl" size={34}>
              {initials}
            </Avatar>
            <IconChevronDown size={14} />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="sm" fw={600} c="var(--mantine-color-text)">
            {me.name}
          </Text>
          <Text size="xs" c="dimmed">
            {me.email} · {me.role}
          </Text>
          <Text size="xs" c="dimmed">
            {me.workspaceName}
          </Text>
        </Menu.Label>
        <Menu.Divider />
        <Menu.Item
          leftSection={<IconUserCircle size={16} />}
          onClick={() => void navigate({ to: '/settings/profile' })}
        >
          Profile and password
        </Menu.Item>
        <Menu.Item leftSection={<IconKeyboard size={16} />} onClick={onShowShortcuts}>
          Keyboard shortcuts
        </Menu.Item>
        <Menu.Item
          leftSection={<IconLogout size={16} />}
          onClick={() =>
            signOut.mutate(undefined, { onSettled: () => void navigate({ to: '/sign-in', search: {} }) })
          }
        >
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
