import { Button, Group, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { useChangePassword } from '../../api/account';
import { ApiError, messageOf } from '../../api/client';
import { isNewPasswordReady, NewPasswordFields } from '../../components/new-password-fields';

/** Change my password: the current one, then the new one twice, checked as typed. */
export function PasswordForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [isSubmitted, setSubmitted] = useState(false);
  const change = useChangePassword();
  const error = change.error instanceof ApiError ? change.error : null;
  const currentError = error?.fieldMessage('body.current')
    ? 'That is not your current password'
    : isSubmitted && current === ''
      ? 'Enter your current password'
      : undefined;
  const nextError = error?.fieldMessage('body.next');

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    if (current === '') {
      event.currentTarget.querySelector<HTMLElement>('[data-field="current"]')?.focus();
      return;
    }
    if (!isNewPasswordReady(next, confirm, event.currentTarget)) return;
    change.mutate(
      { current, next },
      {
        onSuccess: ({ ended }) => {
          notifications.show({
            title: 'Password changed',
            message:
              ended === 0
                ? 'You stay signed in here.'
                : `You stay signed in here; ${ended === 1 ? '1 other session was' : `${ended} other sessions were`} signed out.`,
          });
          setCurrent('');
          setNext('');
          setConfirm('');
          setSubmitted(false);
          change.reset();
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Change password">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Password
        </Title>
        <PasswordInput
          label="Current password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => {
            setCurrent(e.currentTarget.value);
            if (error) change.reset();
          }}
          error={currentError}
          data-field="current"
          required
        />
        <NewPasswordFields
          password={next}
          confirm={confirm}
          onPassword={setNext}
          onConfirm={setConfirm}
          showErrors={isSubmitted}
          serverError={nextError ? `The new password ${nextError}` : undefined}
        />
        {error && !error.fieldMessage('body.current') && !nextError && (
          <Text size="sm" c="red.7" role="alert">
            {messageOf(error)}
          </Text>
        )}
        <Group justify="space-between" wrap="wrap">
          <Text size="xs" c="dimmed" maw={380}>
            Changing it signs you out everywhere else. API tokens keep working.
          </Text>
          <Button type="submit" loading={change.isPending}>
            Change password
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
