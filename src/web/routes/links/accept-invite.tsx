import { Alert, Button, Loader, Stack, Text, TextInput, Title } from '@mantine/core';
import { createLazyRoute, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { AcceptInviteInput } from '../../../shared/account-input.ts';
import { ApiError, messageOf } from '../../api/client';
import { linkToken, useAcceptInvite, useInvitePreview } from '../../api/links';
import { AnchorLink } from '../../components/links';
import { isNewPasswordReady, NewPasswordFields } from '../../components/new-password-fields';
import { problemsOf } from '../../lib/form-problems';
import { LinkPage } from './link-page';

/** The page an invitation link opens: what it offers, then name and password to join. */
export const acceptInviteRoute = createLazyRoute('/accept-invite')({ component: AcceptInvitePage });

const ARTICLE: Record<string, string> = {
  owner: 'an owner',
  admin: 'an admin',
  member: 'a member',
  viewer: 'a viewer',
};

function AcceptInvitePage() {
  const [token] = useState(() => linkToken());
  const preview = useInvitePreview(token);
  return (
    <LinkPage>
      {token === '' ? (
        <BadLink message="This page needs the whole invitation link. Open the link you were sent again." />
      ) : preview.isPending ? (
        <Loader aria-label="Checking the invitation" />
      ) : preview.isError ? (
        <BadLink message={messageOf(preview.error)} />
      ) : (
        <AcceptForm
          token={token}
          email={preview.data.email}
          offer={`Join ${preview.data.workspaceName} as ${ARTICLE[preview.data.role] ?? preview.data.role}`}
        />
      )}
    </LinkPage>
  );
}

function BadLink({ message }: { message: string }) {
  return (
    <Stack gap="md">
      <Title order={2} size="h3">
        This invitation cannot be used
      </Title>
      <Alert color="red" variant="light" role="alert">
        {message}
      </Alert>
      <AnchorLink to="/sign-in" search={{}}>
        Go to sign in
      </AnchorLink>
    </Stack>
  );
}

function AcceptForm({ token, email, offer }: { token: string; email: string; offer: string }) {
  const navigate = useNavigate();
  const accept = useAcceptInvite();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [isSubmitted, setSubmitted] = useState(false);
  const error = accept.error instanceof ApiError ? accept.error : null;
  // The name by the API's rule; the password fields give their own hints as they are typed.
  const nameProblem = problemsOf(
    AcceptInviteInput.pick({ name: true }),
    { name },
    { name: 'Your name' },
  ).name;
  const [isNameTouched, setNameTouched] = useState(false);
  const serverName = error?.fieldMessage('body.name');
  const nameError =
    (isSubmitted || isNameTouched) && nameProblem
      ? nameProblem.message
      : serverName && `Your name ${serverName}`;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    if (nameProblem) {
      event.currentTarget.querySelector<HTMLElement>('[data-field="name"]')?.focus();
      return;
    }
    if (!isNewPasswordReady(password, confirm, event.currentTarget)) return;
    accept.mutate(
      { token, name: name.trim(), password },
      { onSuccess: () => void navigate({ to: '/', replace: true }) },
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Accept the invitation">
      <Stack gap="md">
        <div>
          <Title order={2} size="h3">
            {offer}
          </Title>
          <Text c="dimmed" size="sm">
            You will sign in as {email}.
          </Text>
        </div>
        <TextInput
          label="Your name"
          description="As your team will see it"
          autoComplete="name"
          value={name}
          onChange={(e) => {
            setName(e.currentTarget.value);
            setNameTouched(true);
          }}
          error={nameError}
          data-field="name"
          required
          autoFocus
        />
        <NewPasswordFields
          label="Choose a password"
          password={password}
          confirm={confirm}
          onPassword={setPassword}
          onConfirm={setConfirm}
          showErrors={isSubmitted}
          serverError={error?.fieldMessage('body.password')}
        />
        {error && !error.fieldMessage('body.name') && !error.fieldMessage('body.password') && (
          <Alert color="red" variant="light" role="alert" py="xs">
            {messageOf(error)}
          </Alert>
        )}
        <Button type="submit" loading={accept.isPending} fullWidth>
          Join and sign in
        </Button>
      </Stack>
    </form>
  );
}
