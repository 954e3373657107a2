import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { hasAdminRights } from './permissions.ts';
import { apiTokens, type Role, type TokenScope, users } from './schema.ts';
import { hashSecret, newSecret } from './secrets.ts';

type Scope = { db: Db; workspaceId: string; actorId: string };
type Actor = Scope & { role: Role };
export type TokenRow = typeof apiTokens.$inferSelect & { userName: string };

/**
 * Issues an API token for the caller; the token itself is returned only here. A viewer may issue only a
 * read-only one.
 */
export async function createToken(
  options: Scope & { role?: Role; name: string; tokenScope?: TokenScope },
): Promise<{ row: typeof apiTokens.$inferSelect; token: string }> {
  const tokenScope = options.tokenScope ?? 'write';
  if (tokenScope === 'write' && options.role === 'viewer') {
    throw new AppError('forbidden', 'Viewers can create read-only tokens only: set scope to "read"', [
      { field: 'body.scope', message: 'a viewer can create only "read" tokens' },
    ]);
  }
  const secret = newSecret();
  const [row] = await options.db
    .insert(apiTokens)
    .values({
      workspaceId: options.workspaceId,
      userId: options.actorId,
      name: options.name,
      scope: tokenScope,
      tokenHash: hashSecret(secret),
    })
    .returning();
  if (!row) throw new Error('token insert returned nothing');
  await recordAudit({
    ...options,
    action: 'create',
    entity: 'api_token',
    entityId: row.id,
    changes: { name: row.name, scope: row.scope },
  });
  return { row, token: `kith_${options.workspaceId}_${secret}` };
}

/** Lists live tokens, newest first: the caller's, or with `all` everyone's (admins and owners only). */
export async function findTokens(options: Actor & { all?: boolean }): Promise<TokenRow[]> {
  if (options.all && !hasAdminRights(options.role)) {
    throw new AppError('forbidden', "Only an admin or an owner can see everyone's API tokens", [
      { field: 'query.all', message: 'only admins and owners may list all tokens' },
    ]);
  }
  const rows = await options.db
    .select({ token: apiTokens, userName: users.name })
    .from(apiTokens)
    .innerJoin(users, and(eq(users.workspaceId, apiTokens.workspaceId), eq(users.id, apiTokens.userId)))
    .where(
      and(
        eq(apiTokens.workspaceId, options.workspaceId),
        options.all ? undefined : eq(apiTokens.userId, options.actorId),
        isNull(apiTokens.revokedAt),
      ),
    )
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id))
    .limit(1000);
  return rows.map((r) => ({ ...r.token, userName: r.userName }));
}

/** Revokes a token: one's own, or as an admin or owner anyone's in the workspace. */
export async function revokeToken(options: Actor & { id: string }): Promise<void> {
  const where = and(
    eq(apiTokens.workspaceId, options.workspaceId),
    eq(apiTokens.id, options.id),
    isNull(apiTokens.revokedAt),
  );
  const [token] = await options.db.select({ userId: apiTokens.userId }).from(apiTokens).where(where);
  if (!token) throw notFound('Token', options.id);
  if (token.userId !== options.actorId && !hasAdminRights(options.role)) {
    throw new AppError(
      'forbidden',
      'You can revoke only your own API tokens; ask an admin to revoke this one',
    );
  }
  await options.db.update(apiTokens).set({ revokedAt: new Date() }).where(where);
  await recordAudit({
    ...options,
    action: 'revoke',
    entity: 'api_token',
    entityId: options.id,
    changes: token.userId === options.actorId ? undefined : { userId: token.userId },
  });
}
