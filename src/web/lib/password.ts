// The server's rule for a new password (shared/account-input.ts NewPassword), said here as hints.
import { PASSWORD_MAX, PASSWORD_MIN } from '../../shared/account-input.ts';

/** What is wrong with a new password, in words, or null when it will do. */
export function passwordProblem(password: string): string | null {
  if (password.length === 0) return `Choose a password of at least ${PASSWORD_MIN} characters`;
  if (password.length < PASSWORD_MIN) {
    const more = PASSWORD_MIN - password.length;
    return `Too short: ${more} more character${more === 1 ? '' : 's'}, please`;
  }
  if (password.length > PASSWORD_MAX) return `Too long: keep it to ${PASSWORD_MAX} characters`;
  return null;
}

/** The message for a confirmation that does not match yet, or null. */
export function confirmProblem(password: string, confirm: string): string | null {
  if (confirm === '' || confirm === password) return null;
  return password.startsWith(confirm) ? null : 'The two passwords are not the same';
}
