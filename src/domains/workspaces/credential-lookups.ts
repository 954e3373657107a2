import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { apiTokens, sessions, users } from './schema.ts';

/**
 * The two credential lookups (every authenticated request makes one), as named prepared statements:
 * PostgreSQL parses and plans each once per connection and Drizzle builds each once per store, instead of
 * both on every request (docs/benchmarks.md has the measurement). Both refuse a deactivated user's
 * credential, so a deactivation applies to their very next request.
 * Prepared per store handle: a transaction is a different handle and prepares its own.
 */
function prepare(db: Db) {
  const token = db
    .select({
      id: apiTokens.id,
      scope: apiTokens.scope,
      lastUsedAt: apiTokens.lastUsedAt,
      userId: users.id,
      role: users.role,
    })
    .from(apiTokens)
    .innerJoin(users, and(eq(users.workspaceId, apiTokens.workspaceId), eq(users.id, apiTokens.userId)))
    .where(
      and(
        eq(apiTokens.workspaceId, sql.placeholder('workspaceId')),
        eq(apiTokens.tokenHash, sql.placeholder('tokenHash')),
        isNull(apiTokens.revokedAt),
        eq(users.active, true),
      ),
    )
    .prepare('kith_token_lookup');
  const session = db
    .select({ id: sessions.id, lastUsedAt: sessions.lastSeenAt, userId: users.id, role: users.role })
    .from(sessions)
    .innerJoin(users, and(eq(users.workspaceId, sessions.workspaceId), eq(users.id, sessions.userId)))
    .where(
      and(
        eq(sessions.workspaceId, sql.placeholder('workspaceId')),
        eq(sessions.tokenHash, sql.placeholder('tokenHash')),
        gt(sessions.expiresAt, sql`now()`),
        eq(users.active, true),
      ),
    )
    .prepare('kith_session_lookup');
  return { token, session };
}

const prepared = new WeakMap<Db, ReturnType<typeof prepare>>();

/** The prepared credential lookups of a store handle, built on first use. */
export function credentialLookups(db: Db): ReturnType<typeof prepare> {
  let lookups = prepared.get(db);
  if (!lookups) {
    lookups = prepare(db);
    prepared.set(db, lookups);
  }
  return lookups;
}
