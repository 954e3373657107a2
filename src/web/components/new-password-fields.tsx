import { PasswordInput, Stack } from '@mantine/core';
import { confirmProblem, passwordProblem } from '../lib/password';

/**
 * A new password and its confirmation, checked as they are typed: the first says what is still missing,
 * the second flags a mismatch as soon as it cannot match. `showErrors` turns the hints into errors (after a
 * submit); `serverError` is what the server said about the password.
 */
export function NewPasswordFields({
  label = 'New password',
  password,
  confirm,
  onPassword,
  onConfirm,
  showErrors,
  serverError,
}: {
  label?: string;
  password: string;
  confirm: string;
  onPassword: (value: string) => void;
  onConfirm: (value: string) => void;
  showErrors: boolean;
  serverError?: string;
}) {
  const problem = passwordProblem(password);
  const mismatch =
    confirmProblem(password, confirm) ??
    (showErrors && confirm !== password ? 'The two passwords are not the same' : null);
  const hint = problem ?? 'Good: at least 8 characters';
  return (
    <Stack gap="sm">
      <PasswordInput
        label={label}
        autoComplete="new-password"
        value={password}
        onChange={(e) => onPassword(e.currentTarget.value)}
        description={showErrors && problem ? undefined : hint}
        error={serverError ?? (showErrors ? problem : undefined)}
        required
      />
      <PasswordInput
        label="Type it again"
        autoComplete="new-password"
        value={confirm}
        onChange={(e) => onConfirm(e.currentTarget.value)}
        error={mismatch}
        required
      />
    </Stack>
  );
}

/** Whether the two fields hold a password the server will take. */
export function isNewPasswordReady(password: string, confirm: string): boolean {
  return passwordProblem(password) === null && password === confirm;
}
