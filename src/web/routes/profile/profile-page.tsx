import { Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { createLazyRoute } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useUpdateName } from '../../api/account';
import { ApiError, messageOf } from '../../api/client';
import { type Me, useMe } from '../../api/queries';
import { PasswordForm } from './password-form';
import { SessionsPanel } from './sessions-panel';

/** Settings > Profile: my name, password and sessions. */
export const profileLazyRoute = createLazyRoute('/app/settings/profile')({ component: ProfilePage });

function ProfilePage() {
  const { data: me } = useMe();
  if (!me) return null;
  return (
    <Stack maw={720} mx="auto" gap="lg">
      <div>
        <Title order={1} size="h2">
          Profile
        </Title>
        <Text c="dimmed" size="sm">
          {me.email} · {me.role} in {me.workspaceName}
        </Text>
      </div>
      <Paper withBorder radius="lg" p="md">
        <NameForm me={me} />
      </Paper>
      <Paper withBorder radius="lg" p="md">
        <PasswordForm />
      </Paper>
      <Paper withBorder radius="lg" p="md">
        <SessionsPanel />
      </Paper>
    </Stack>
  );
}

function NameForm({ me }: { me: Me }) {
  const [name, setName] = useState(me.name);
  const update = useUpdateName();
  const error = update.error instanceof ApiError ? update.error : null;
  const isBlank = name.trim() === '';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (isBlank) return;
    update.mutate(name.trim(), {
      onSuccess: (saved) => notifications.show({ title: `Your name is now ${saved.name}`, message: '' }),
    });
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Your name">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Your name
        </Title>
        <TextInput
          label="Name"
          description="How your team sees you: on contacts you own, in pickers and in the audit log"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={isBlank ? 'Your name cannot be empty' : error ? messageOf(error) : undefined}
          maxLength={200}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={update.isPending} disabled={isBlank || name.trim() === me.name}>
            Save name
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
