import {
  Alert,
  Anchor,
  Button,
  Center,
  Code,
  Group,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { createLazyRoute, useNavigate, useSearch } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { LoginInput } from '../../shared/account-input.ts';
import { useMeta, useSignIn } from '../api/queries';
import { useFormProblems } from '../lib/use-form-problems';

/** Each field's name in messages, in the order of the form. */
const LABELS = { email: 'Email', password: 'Password' };

export const signInRoute = createLazyRoute('/sign-in')({ component: SignInPage });

function SignInPage() {
  const meta = useMeta();
  const signIn = useSignIn();
  const navigate = useNavigate();
  const search = useSearch({ from: '/sign-in' });
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const demo = meta.data?.demoLogin ?? null;
  const body = { email: email.trim(), password };
  const form = useFormProblems({ schema: LoginInput, value: body, labels: LABELS, error: signIn.error });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!form.check(event.currentTarget)) return;
    signIn.mutate(body, { onSuccess: () => void navigate({ to: search.next ?? '/', replace: true }) });
  };

  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Stack w="100%" maw={400} gap="lg">
        <Group gap={10} justify="center">
          <img src="/favicon.svg" alt="" width={36} height={36} />
          <Title order={1} size="h2">
            Kith
          </Title>
        </Group>
        <Paper withBorder shadow="sm" p="xl" radius="lg">
          <form onSubmit={submit} noValidate aria-label="Sign in">
            <Stack gap="md">
              <div>
                <Title order={2} size="h3">
                  Sign in
                </Title>
                <Text c="dimmed" size="sm">
                  See who to contact today, and what to bring up.
                </Text>
              </div>
              <TextInput
                label="Email"
                type="email"
                autoComplete="username"
                value={email}
                onChange={(e) => {
                  setEmail(e.currentTarget.value);
                  form.touch('email');
                }}
                error={form.msg('email')}
                data-field="email"
                required
                autoFocus
              />
              <PasswordInput
                label="Password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => {
                  setPassword(e.currentTarget.value);
                  form.touch('password');
                }}
                error={form.msg('password')}
                data-field="password"
                required
              />
              {form.unplaced && (
                <Alert color="red" variant="light" role="alert" py="xs">
                  {form.unplaced}
                </Alert>
              )}
              <Button type="submit" loading={signIn.isPending} fullWidth>
                Sign in
              </Button>
            </Stack>
          </form>
        </Paper>
        {demo && (
          <Alert
            variant="light"
            icon={<IconInfoCircle size={18} />}
            title="Demo workspace"
            aria-label="Demo login"
          >
            <Text size="sm">
              Sign in as <Code>{demo.email}</Code> with password <Code>{demo.password}</Code>.
            </Text>
            <Anchor
              component="button"
              type="button"
              size="sm"
              mt={6}
              onClick={() => {
                setEmail(demo.email);
                setPassword(demo.password);
              }}
            >
              Fill in the demo login
            </Anchor>
          </Alert>
        )}
      </Stack>
    </Center>
  );
}
