import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconUserPlus } from '@tabler/icons-react';
import { createLazyRoute } from '@tanstack/react-router';
import { useState } from 'react';
import { messageOf } from '../../api/client';
import { type User, useUsers } from '../../api/contacts';
import { canSeeTeam, useMe } from '../../api/queries';
import { useResetLink } from '../../api/team';
import { ErrorState, ListSkeleton } from '../../components/states';
import { DeactivateModal } from './deactivate-modal';
import { InviteModal } from './invite-modal';
import { LinkModal, type ShownLink } from './link-modal';
import { MemberRow } from './member-row';
import { PendingInvites } from './pending-invites';

/** Settings > Team (admins and owners): people, roles, deactivation, invitations. */
export const teamLazyRoute = createLazyRoute('/app/settings/team')({ component: TeamPage });

function TeamPage() {
  const { data: me } = useMe();
  const users = useUsers();
  const [inviting, setInviting] = useState(false);
  const [leaving, setLeaving] = useState<User | null>(null);
  const [link, setLink] = useState<ShownLink | null>(null);
  const reset = useResetLink();
  if (!me) return null;
  if (!canSeeTeam(me)) {
    return (
      <ErrorState error={new Error('Only admins and owners manage the team. Ask one of them for changes.')} />
    );
  }
  const makeResetLink = (user: User) =>
    reset.mutate(user.id, {
      onSuccess: (made) =>
        setLink({
          title: `Password reset link for ${user.name}`,
          label: 'Reset link',
          url: made.url,
          note: `Kith does not send email yet: send this link to ${user.name} yourself. It works once, for 24 hours; using it signs them out everywhere else.`,
        }),
      onError: (error) =>
        notifications.show({ color: 'red', title: 'No link made', message: messageOf(error) }),
    });

  return (
    <Stack maw={960} mx="auto" gap="lg">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <div>
          <Title order={1} size="h2">
            Team
          </Title>
          <Text c="dimmed" size="sm" maw={560}>
            Who is in this workspace and what each may do. Deactivating someone signs them out at once and
            hands their contacts to a colleague.
          </Text>
        </div>
        <Button leftSection={<IconUserPlus size={16} />} onClick={() => setInviting(true)}>
          Invite someone
        </Button>
      </Group>
      {users.isPending ? (
        <ListSkeleton label="Loading the team" rows={3} />
      ) : users.isError ? (
        <ErrorState error={users.error} onRetry={() => void users.refetch()} />
      ) : (
        <Stack component="ul" gap="sm" p={0} m={0} aria-label="Team members">
          {users.data.map((user) => (
            <MemberRow
              key={user.id}
              user={user}
              myRole={me.role}
              isMe={user.id === me.id}
              onDeactivate={() => setLeaving(user)}
              onResetLink={() => makeResetLink(user)}
            />
          ))}
        </Stack>
      )}
      <Paper withBorder radius="lg" p="md">
        <PendingInvites />
      </Paper>
      <InviteModal opened={inviting} myRole={me.role} onClose={() => setInviting(false)} />
      <DeactivateModal
        user={leaving}
        users={users.data ?? []}
        meId={me.id}
        onClose={() => setLeaving(null)}
      />
      <LinkModal link={link} onClose={() => setLink(null)} />
    </Stack>
  );
}
