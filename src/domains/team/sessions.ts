import { and, desc, eq, gt, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { sessions } from '../workspaces/schema.ts';

type Scope = { db: Db; workspaceId: string };
export type SessionRow = typeof sessions.$inferSelect;

/** A user's live sessions, the most recently used first. */
export async function findSessions(options: Scope & { userId: string }): Promise<SessionRow[]> {
  return options.db
    .select()
    .from(sessions)
    .where(
      and(
        eq(sessions.workspaceId, options.workspaceId),
        eq(sessions.userId, options.userId),
        gt(sessions.expiresAt, sql`now()`),
      ),
    )
    .orderBy(desc(sql`coalesce(${sessions.lastSeenAt}, ${sessions.createdAt})`), desc(sessions.id))
    .limit(200);
}

/** Ends a user's sessions but `keepId` (none kept when null); returns how many ended. */
export async function endSessions(
  options: Scope & { userId: string; keepId: string | null },
): Promise<number> {
  const rows = await options.db
    .delete(sessions)
    .where(
      and(
        eq(sessions.workspaceId, options.workspaceId),
        eq(sessions.userId, options.userId),
        options.keepId ? ne(sessions.id, options.keepId) : undefined,
      ),
    )
    .returning({ id: sessions.id });
  return rows.length;
}

/**
 * "Sign out everywhere": ends every session of the caller but the one this request came with, which stays
 * signed in (a token's caller keeps none). API tokens are separate credentials and keep working.
 */
export async function revokeOtherSessions(
  options: Scope & { actorId: string; currentSessionId: string | null },
): Promise<number> {
  const ended = await endSessions({ ...options, userId: options.actorId, keepId: options.currentSessionId });
  await recordAudit({
    ...options,
    action: 'sessions_revoke',
    entity: 'session',
    entityId: null,
    changes: { ended, keptCurrent: options.currentSessionId !== null },
  });
  return ended;
}
