import type { InviteRow } from './invites.ts';
import type { SessionRow } from './sessions.ts';
import type { InviteOutput, SessionOutput } from './validators.ts';

/** Picks the API fields of a pending invitation (never its token's hash). */
export function presentInvite(row: InviteRow & { invitedByName: string }): InviteOutput {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    invitedBy: { id: row.invitedBy, name: row.invitedByName },
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
  };
}

/** Picks the API fields of a session, marking the one the request came with. */
export function presentSession(row: SessionRow, currentId: string | null): SessionOutput {
  return {
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    lastSeenAt: row.lastSeenAt?.toISOString() ?? null,
    expiresAt: row.expiresAt.toISOString(),
    current: row.id === currentId,
  };
}
