import {
  IconAdjustmentsHorizontal,
  IconBuilding,
  IconBuildingPlus,
  IconBulb,
  IconCalendarDue,
  IconClockPause,
  IconKey,
  IconListCheck,
  IconPencilPlus,
  IconUserCircle,
  IconUserPlus,
  IconUsers,
  IconUsersGroup,
} from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useRouterState } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { canSeeTeam, useMe } from '../api/queries';
import { requestContactAction } from '../lib/contact-actions';
import { useQuickLog } from './quick-log-context';

export type Command = { id: string; label: string; description: string; icon: ReactNode; run: () => void };

/** The contact whose page is open, with its name once the page has loaded it. */
function useContactInView(): { id: string; name: string | null } | null {
  const client = useQueryClient();
  const id = useRouterState({
    select: (s) => s.matches.find((m) => m.routeId === '/app/contacts/$contactId')?.params.contactId,
  });
  if (!id) return null;
  // The page's own query (contactKeys.one), read from the cache so the palette loads nothing more.
  const cached = client.getQueryData<{ name?: string }>(['contacts', 'one', id]);
  return { id, name: cached?.name ?? null };
}

/**
 * The palette's commands: actions for the contact in view first, then creating, logging and going
 * anywhere. The audit log stays out: "log" must find "Log a touch" alone, as the quick log's shortcut.
 */
export function usePaletteCommands(): Command[] {
  const navigate = useNavigate();
  const quickLog = useQuickLog();
  const { data: me } = useMe();
  const inView = useContactInView();
  const who = inView?.name ?? 'this contact';
  const go = (id: string, label: string, description: string, icon: ReactNode, to: string): Command => ({
    id,
    label,
    description,
    icon,
    run: () => void navigate({ to }),
  });
  const forContact: Command[] = inView
    ? [
        {
          id: 'log-contact',
          label: `Log a touch with ${who}`,
          description: 'A call, meeting, email, message, letter or note',
          icon: <IconPencilPlus size={18} />,
          run: () => quickLog.open({ contacts: [{ id: inView.id, name: who }] }),
        },
        {
          id: 'snooze',
          label: `Snooze ${who}`,
          description: 'Keep them off Today until a day you choose',
          icon: <IconClockPause size={18} />,
          run: () => requestContactAction(inView.id, 'snooze'),
        },
        {
          id: 'fact',
          label: `Add a fact about ${who}`,
          description: 'Something they told you, to bring up next time',
          icon: <IconBulb size={18} />,
          run: () => requestContactAction(inView.id, 'fact'),
        },
        {
          id: 'step',
          label: `Add a next step for ${who}`,
          description: 'An action with a date',
          icon: <IconListCheck size={18} />,
          run: () => requestContactAction(inView.id, 'step'),
        },
      ]
    : [];
  return [
    ...forContact,
    {
      id: 'log',
      label: 'Log a touch',
      description: 'A call, meeting, email, message, letter or note',
      icon: <IconPencilPlus size={18} />,
      run: () => quickLog.open(),
    },
    {
      id: 'new-contact',
      label: 'New contact',
      description: 'Add a person',
      icon: <IconUserPlus size={18} />,
      run: () => void navigate({ to: '/contacts', search: { new: true } }),
    },
    {
      id: 'new-company',
      label: 'New company',
      description: 'Add an organisation',
      icon: <IconBuildingPlus size={18} />,
      run: () => void navigate({ to: '/companies', search: { new: true } }),
    },
    go('today', 'Go to Today', 'Who is due, ranked', <IconCalendarDue size={18} />, '/'),
    go('contacts', 'Go to Contacts', 'Everyone in the workspace', <IconUsers size={18} />, '/contacts'),
    go('companies', 'Go to Companies', 'Organisations', <IconBuilding size={18} />, '/companies'),
    go(
      'tiers',
      'Go to Tiers',
      'The rating scale and its cadences',
      <IconAdjustmentsHorizontal size={18} />,
      '/settings/tiers',
    ),
    ...(canSeeTeam(me)
      ? [
          go(
            'team',
            'Go to Team',
            'Invite people, change roles, deactivate',
            <IconUsersGroup size={18} />,
            '/settings/team',
          ),
        ]
      : []),
    go(
      'tokens',
      'Go to API tokens',
      'Tokens for scripts and other apps',
      <IconKey size={18} />,
      '/settings/tokens',
    ),
    go(
      'profile',
      'Go to Profile',
      'Your name, password and sessions',
      <IconUserCircle size={18} />,
      '/settings/profile',
    ),
  ];
}
