import { Badge, Button, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type Session, useRevokeOtherSessions, useSessions } from '../../api/account';
import { messageOf } from '../../api/client';
import { ErrorState, ListSkeleton } from '../../components/states';
import { ago, formatDay } from '../../lib/dates';

/** Where I am signed in, with "Sign out everywhere else". */
export function SessionsPanel() {
  const sessions = useSessions();
  const revoke = useRevokeOtherSessions();
  const others = sessions.data?.filter((s) => !s.current).length ?? 0;
  const signOutElsewhere = () =>
    revoke.mutate(undefined, {
      onSuccess: ({ ended }) =>
        notifications.show({
          title: ended === 0 ? 'No other sessions' : 'Signed out everywhere else',
          message:
            ended === 0
              ? ''
              : `${ended === 1 ? '1 session' : `${ended} sessions`} ended. You stay signed in here.`,
        }),
      onError: (error) =>
        notifications.show({ color: 'red', title: 'Nothing changed', message: messageOf(error) }),
    });

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="xs">
        <div>
          <Title order={2} size="h4">
            Sessions
          </Title>
          <Text size="sm" c="dimmed">
            Each browser you are signed in with. This one stays signed in.
          </Text>
        </div>
        <Button
          variant="default"
          color="red"
          onClick={signOutElsewhere}
          loading={revoke.isPending}
          disabled={others === 0}
        >
          Sign out everywhere else
        </Button>
      </Group>
      {sessions.isPending ? (
        <ListSkeleton label="Loading sessions" rows={2} />
      ) : sessions.isError ? (
        <ErrorState error={sessions.error} onRetry={() => void sessions.refetch()} />
      ) : (
        <Stack component="ul" gap="xs" p={0} m={0} aria-label="Sessions">
          {sessions.data.map((session) => (
            <SessionRow key={session.id} session={session} />
          ))}
        </Stack>
      )}
    </Stack>
  );
}

function SessionRow({ session }: { session: Session }) {
  return (
    <Group
      component="li"
      gap="xs"
      wrap="wrap"
      style={{ listStyle: 'none' }}
      aria-label={session.current ? 'This session' : 'Another session'}
    >
      <Text size="sm" fw={session.current ? 600 : 400}>
        Signed in {formatDay(session.createdAt)}
      </Text>
      <Text size="sm" c="dimmed">
        · {session.lastSeenAt ? `last used ${ago(session.lastSeenAt)}` : 'not used since'} · ends{' '}
        {formatDay(session.expiresAt)}
      </Text>
      {session.current && (
        <Badge variant="light" tt="none">
          This browser
        </Badge>
      )}
    </Group>
  );
}
