import { ActionIcon, Badge, Button, Group, Menu, NativeSelect, Paper, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDots, IconKey, IconUserCheck, IconUserOff } from '@tabler/icons-react';
import { messageOf } from '../../api/client';
import type { User } from '../../api/contacts';
import { type Role, useUpdateUser } from '../../api/team';
import { ago } from '../../lib/dates';
import { ROLE_COLOR, ROLE_LABEL, rolesFor } from './labels';

/** One person on the team: role (changeable), status, last activity and what an admin can do. */
export function MemberRow({
  user,
  myRole,
  isMe,
  onDeactivate,
  onResetLink,
}: {
  user: User;
  myRole: Role;
  isMe: boolean;
  onDeactivate: () => void;
  onResetLink: () => void;
}) {
  const update = useUpdateUser();
  // Only an owner changes an owner.
  const mayChange = myRole === 'owner' || user.role !== 'owner';
  const roles = rolesFor(myRole).includes(user.role) ? rolesFor(myRole) : [user.role, ...rolesFor(myRole)];
  const changeRole = (role: Role) =>
    update.mutate(
      { id: user.id, role },
      {
        onSuccess: () =>
          notifications.show({ title: `${user.name} is now ${ROLE_LABEL[role].toLowerCase()}`, message: '' }),
        onError: (error) =>
          notifications.show({ color: 'red', title: 'The role did not change', message: messageOf(error) }),
      },
    );
  const reactivate = () =>
    update.mutate(
      { id: user.id, active: true },
      {
        onSuccess: () => notifications.show({ title: `${user.name} can sign in again`, message: '' }),
        onError: (error) =>
          notifications.show({ color: 'red', title: 'Not reactivated', message: messageOf(error) }),
      },
    );

  return (
    <Paper component="li" withBorder radius="md" p="md" aria-label={user.name} style={{ listStyle: 'none' }}>
      <Group justify="space-between" align="center" wrap="wrap" gap="sm">
        <Stack gap={4} miw={0} style={{ flex: '1 1 220px' }}>
          <Group gap={8} wrap="wrap">
            <Text fw={600} c={user.active ? undefined : 'dimmed'}>
              {user.name}
              {isMe ? ' (you)' : ''}
            </Text>
            <Badge color={ROLE_COLOR[user.role]} variant="light" tt="none">
              {ROLE_LABEL[user.role]}
            </Badge>
            {!user.active && (
              <Badge color="gray" variant="outline" tt="none">
                Deactivated
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {user.email} · {user.lastActiveAt ? `active ${ago(user.lastActiveAt)}` : 'not active yet'}
          </Text>
        </Stack>
        <Group gap={6} wrap="nowrap">
          {user.active ? (
            <NativeSelect
              aria-label={`Role of ${user.name}`}
              value={user.role}
              onChange={(e) => changeRole(e.currentTarget.value as Role)}
              data={roles.map((r) => ({ value: r, label: ROLE_LABEL[r] }))}
              disabled={!mayChange || update.isPending}
              w={120}
            />
          ) : (
            <Button
              size="sm"
              variant="default"
              leftSection={<IconUserCheck size={16} />}
              onClick={reactivate}
              loading={update.isPending}
              disabled={!mayChange}
            >
              Reactivate
            </Button>
          )}
          {user.active && mayChange && (
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <ActionIcon variant="default" size="lg" aria-label={`More for ${user.name}`}>
                  <IconDots size={16} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item leftSection={<IconKey size={16} />} onClick={onResetLink}>
                  Make a password reset link
                </Menu.Item>
                <Menu.Item color="red" leftSection={<IconUserOff size={16} />} onClick={onDeactivate}>
                  {isMe ? 'Leave this workspace' : 'Deactivate'}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          )}
        </Group>
      </Group>
    </Paper>
  );
}
