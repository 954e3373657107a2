import { Badge, Button, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { type Invite, useInvites, useRevokeInvite } from '../../api/team';
import { ConfirmModal } from '../../components/confirm-modal';
import { ErrorState, ListSkeleton } from '../../components/states';
import { formatDay } from '../../lib/dates';
import { ROLE_COLOR, ROLE_LABEL } from './labels';

/** Invitations not yet accepted, with a way to withdraw each. */
export function PendingInvites() {
  const invites = useInvites();
  const revoke = useRevokeInvite();
  const [revoking, setRevoking] = useState<Invite | null>(null);
  const close = () => {
    revoke.reset();
    setRevoking(null);
  };

  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        Pending invitations
      </Title>
      {invites.isPending ? (
        <ListSkeleton label="Loading invitations" rows={1} />
      ) : invites.isError ? (
        <ErrorState error={invites.error} onRetry={() => void invites.refetch()} />
      ) : invites.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          No invitations waiting. Invite someone to get a link to send them.
        </Text>
      ) : (
        <Stack component="ul" gap="xs" p={0} m={0} aria-label="Pending invitations">
          {invites.data.map((invite) => (
            <Group
              component="li"
              key={invite.id}
              aria-label={invite.email}
              justify="space-between"
              wrap="wrap"
              gap="xs"
              style={{ listStyle: 'none' }}
            >
              <Stack gap={2} miw={0} style={{ flex: '1 1 220px' }}>
                <Group gap={8} wrap="wrap">
                  <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
                    {invite.email}
                  </Text>
                  <Badge color={ROLE_COLOR[invite.role]} variant="light" tt="none">
                    {ROLE_LABEL[invite.role]}
                  </Badge>
                </Group>
                <Text size="sm" c="dimmed">
                  Invited by {invite.invitedBy.name} · link works until {formatDay(invite.expiresAt)}
                </Text>
              </Stack>
              <Button size="xs" variant="subtle" color="red" onClick={() => setRevoking(invite)}>
                Revoke
              </Button>
            </Group>
          ))}
        </Stack>
      )}
      <ConfirmModal
        opened={revoking !== null}
        title={`Revoke the invitation for ${revoking?.email ?? ''}?`}
        confirmLabel="Revoke invitation"
        isPending={revoke.isPending}
        error={revoke.error}
        onClose={close}
        onConfirm={() =>
          revoking &&
          revoke.mutate(revoking.id, {
            onSuccess: () => {
              notifications.show({ title: `Invitation for ${revoking.email} revoked`, message: '' });
              close();
            },
          })
        }
      >
        <Text size="sm">Its link stops working. You can invite them again later.</Text>
      </ConfirmModal>
    </Stack>
  );
}
