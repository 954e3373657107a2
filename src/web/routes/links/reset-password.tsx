import { Alert, Button, Stack, Text, Title } from '@mantine/core';
import { createLazyRoute, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { ApiError, messageOf } from '../../api/client';
import { linkToken, useResetPassword } from '../../api/links';
import { AnchorLink } from '../../components/links';
import { isNewPasswordReady, NewPasswordFields } from '../../components/new-password-fields';
import { LinkPage } from './link-page';

/** The page a password reset link opens: a new password, then signed in. */
export const resetPasswordRoute = createLazyRoute('/reset-password')({ component: ResetPasswordPage });

function ResetPasswordPage() {
  const navigate = useNavigate();
  const [token] = useState(() => linkToken());
  const reset = useResetPassword();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [isSubmitted, setSubmitted] = useState(false);
  const error = reset.error instanceof ApiError ? reset.error : null;
  const passwordError = error?.fieldMessage('body.password');

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    if (!isNewPasswordReady(password, confirm, event.currentTarget)) return;
    reset.mutate({ token, password }, { onSuccess: () => void navigate({ to: '/', replace: true }) });
  };

  return (
    <LinkPage>
      <form onSubmit={submit} noValidate aria-label="Choose a new password">
        <Stack gap="md">
          <div>
            <Title order={2} size="h3">
              Choose a new password
            </Title>
            <Text c="dimmed" size="sm">
              You will be signed in here and signed out everywhere else.
            </Text>
          </div>
          {token === '' && (
            <Alert color="red" variant="light" role="alert">
              This page needs the whole reset link. Open the link you were sent again.
            </Alert>
          )}
          <NewPasswordFields
            password={password}
            confirm={confirm}
            onPassword={setPassword}
            onConfirm={setConfirm}
            showErrors={isSubmitted}
            serverError={passwordError}
          />
          {error && !passwordError && (
            <Alert color="red" variant="light" role="alert" py="xs">
              {messageOf(error)}
            </Alert>
          )}
          <Button type="submit" loading={reset.isPending} disabled={token === ''} fullWidth>
            Set password and sign in
          </Button>
          <AnchorLink to="/sign-in" search={{}} size="sm" ta="center">
            Back to sign in
          </AnchorLink>
        </Stack>
      </form>
    </LinkPage>
  );
}
