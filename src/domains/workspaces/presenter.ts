import type { UserRow } from './find-users.ts';
import type { apiTokens } from './schema.ts';
import type { TokenOutput, UserListItem } from './validators.ts';

/** Picks the API fields of a token (never its hash), with whose it is. */
export function presentToken(row: typeof apiTokens.$inferSelect & { userName: string }): TokenOutput {
  return {
    id: row.id,
    name: row.name,
    scope: row.scope,
    user: { id: row.userId, name: row.userName },
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}

/** Picks the API fields of a user in a list; last activity only for a caller who runs the workspace. */
export function presentUserListItem(row: UserRow, options: { showActivity: boolean }): UserListItem {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    active: row.active,
    lastActiveAt: options.showActivity ? (row.lastActiveAt?.toISOString() ?? null) : null,
  };
}
