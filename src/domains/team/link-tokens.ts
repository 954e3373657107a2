import { AppError } from '../../shared/errors.ts';
import { splitCredential } from '../workspaces/auth.ts';
import { hashSecret, newSecret } from '../workspaces/secrets.ts';

/**
 * A new secret for a one-time link: `<workspaceId>.<secret>`, of which only sha256(secret) is stored (as for
 * sessions). The workspace in front lets the lookup use the workspace-led unique index.
 */
export function newLinkToken(workspaceId: string): { token: string; tokenHash: string } {
  const secret = newSecret();
  return { token: `${workspaceId}.${secret}`, tokenHash: hashSecret(secret) };
}

/** The workspace and secret hash of a link's token, or a 400 naming body.token when it is malformed. */
export function parseLinkToken(token: string, what: string): { workspaceId: string; tokenHash: string } {
  const parts = splitCredential(token, 'session');
  if (!parts) throw invalidLink(`This ${what} link is not valid; check that it was copied whole`);
  return { workspaceId: parts.workspaceId, tokenHash: hashSecret(parts.secret) };
}

/** The 400 for a link that cannot be used, naming body.token. */
export function invalidLink(message: string): AppError {
  return new AppError('validation_failed', message, [{ field: 'body.token', message }]);
}

/** When a link made now stops working. */
export function expiryAfter(days: number): Date {
  return new Date(Date.now() + days * 86_400_000);
}
