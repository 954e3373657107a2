import '@mantine/spotlight/styles.css';
import { useDebouncedValue } from '@mantine/hooks';
import { Spotlight } from '@mantine/spotlight';
import {
  IconAdjustmentsHorizontal,
  IconBuilding,
  IconCalendarDue,
  IconKey,
  IconPencilPlus,
  IconSearch,
  IconUser,
  IconUserCircle,
  IconUsers,
  IconUsersGroup,
} from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { canSeeTeam, useContactSearch, useMe } from '../api/queries';
import { returnFocus } from '../lib/focus-return';
import { paletteStore } from './palette-launcher';
import { useQuickLog } from './quick-log-context';

type Command = { id: string; label: string; description: string; icon: ReactNode; run: () => void };

/** Ctrl/Cmd-K: go anywhere, log a touch, or find a contact (PaletteLauncher owns the shortcuts). */
export function CommandPalette() {
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query, 150);
  const navigate = useNavigate();
  const quickLog = useQuickLog();
  const contacts = useContactSearch(debounced);
  const { data: me } = useMe();

  const commands: Command[] = [
    {
      id: 'log',
      label: 'Log a touch',
      description: 'A call, meeting, email, message, letter or note',
      icon: <IconPencilPlus size={18} />,
      run: () => quickLog.open(),
    },
    {
      id: 'today',
      label: 'Go to Today',
      description: 'Who is due, ranked',
      icon: <IconCalendarDue size={18} />,
      run: () => void navigate({ to: '/' }),
    },
    {
      id: 'contacts',
      label: 'Go to Contacts',
      description: 'Everyone in the workspace',
      icon: <IconUsers size={18} />,
      run: () => void navigate({ to: '/contacts' }),
    },
    {
      id: 'companies',
      label: 'Go to Companies',
      description: 'Organisations',
      icon: <IconBuilding size={18} />,
      run: () => void navigate({ to: '/companies' }),
    },
    {
      id: 'tiers',
      label: 'Go to Tiers',
      description: 'The rating scale and its cadences',
      icon: <IconAdjustmentsHorizontal size={18} />,
      run: () => void navigate({ to: '/settings/tiers' }),
    },
    // The audit log stays out: "log" must find "Log a touch" alone, as the quick log's shortcut.
    ...(canSeeTeam(me)
      ? [
          {
            id: 'team',
            label: 'Go to Team',
            description: 'Invite people, change roles, deactivate',
            icon: <IconUsersGroup size={18} />,
            run: () => void navigate({ to: '/settings/team' }),
          },
        ]
      : []),
    {
      id: 'tokens',
      label: 'Go to API tokens',
      description: 'Tokens for scripts and other apps',
      icon: <IconKey size={18} />,
      run: () => void navigate({ to: '/settings/tokens' }),
    },
    {
      id: 'profile',
      label: 'Go to Profile',
      description: 'Your name, password and sessions',
      icon: <IconUserCircle size={18} />,
      run: () => void navigate({ to: '/settings/profile' }),
    },
  ];
  const needle = query.trim().toLowerCase();
  const matching = commands.filter((c) => !needle || c.label.toLowerCase().includes(needle));
  const people = needle ? (contacts.data ?? []) : [];

  return (
    <Spotlight.Root
      query={query}
      onQueryChange={setQuery}
      store={paletteStore}
      shortcut={null}
      scrollable
      maxHeight={420}
      returnFocus={false}
      onSpotlightClose={() => {
        setQuery('');
        returnFocus();
      }}
    >
      <Spotlight.Search
        placeholder="Search contacts or type a command…"
        aria-label="Search contacts or type a command"
        leftSection={<IconSearch size={18} stroke={1.6} />}
      />
      <Spotlight.ActionsList aria-label="Results">
        {matching.length > 0 && (
          <Spotlight.ActionsGroup label="Commands">
            {matching.map((c) => (
              <Spotlight.Action
                key={c.id}
                label={c.label}
                description={c.description}
                leftSection={c.icon}
                onClick={c.run}
              />
            ))}
          </Spotlight.ActionsGroup>
        )}
        {people.length > 0 && (
          <Spotlight.ActionsGroup label="Contacts">
            {people.map((p) => (
              <Spotlight.Action
                key={p.id}
                label={p.name}
                description={[p.title, p.company?.name].filter(Boolean).join(' · ') || undefined}
                leftSection={<IconUser size={18} />}
                onClick={() => void navigate({ to: '/contacts/$contactId', params: { contactId: p.id } })}
              />
            ))}
          </Spotlight.ActionsGroup>
        )}
        {matching.length === 0 && people.length === 0 && (
          <Spotlight.Empty>
            {contacts.isFetching ? 'Searching…' : `Nothing matches “${query.trim()}”`}
          </Spotlight.Empty>
        )}
      </Spotlight.ActionsList>
    </Spotlight.Root>
  );
}
