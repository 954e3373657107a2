import { Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { createLazyRoute } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { ProfileInput } from '../../../shared/account-input.ts';
import { useUpdateName } from '../../api/account';
import { type Me, useMe } from '../../api/queries';
import { useFormProblems } from '../../lib/use-form-problems';
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

/** The name's label in messages. */
const NAME_LABELS = { name: 'Name' };

function NameForm({ me }: { me: Me }) {
  const [name, setName] = useState(me.name);
  const update = useUpdateName();
  const form = useFormProblems({
    schema: ProfileInput,
    value: { name },
    labels: NAME_LABELS,
    error: update.error,
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!form.check(event.currentTarget)) return;
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
          onChange={(e) => {
            setName(e.currentTarget.value);
            form.touch('name');
          }}
          error={form.msg('name') ?? form.unplaced ?? undefined}
          data-field="name"
        />
        <Group justify="flex-end">
          <Button type="submit" loading={update.isPending} disabled={name.trim() === me.name}>
            Save name
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
