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
        data-field="password"
        required
      />
      <PasswordInput
        label="Type it again"
        autoComplete="new-password"
        value={confirm}
        onChange={(e) => onConfirm(e.currentTarget.value)}
        error={mismatch}
        data-field="confirm"
        required
      />
    </Stack>
  );
}

/**
 * Whether the two fields hold a password the server will take; when not, focuses the field to fix inside
 * root (the form), so a try to save lands where the problem is shown.
 */
export function isNewPasswordReady(password: string, confirm: string, root?: ParentNode): boolean {
  const bad = passwordProblem(password) !== null ? 'password' : password !== confirm ? 'confirm' : null;
  if (bad && root) root.querySelector<HTMLElement>(`[data-field="${bad}"]`)?.focus();
  return bad === null;
}
