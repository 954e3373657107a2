import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../shared/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { apiTokens } from './schema.ts';
import { hashSecret, newSecret } from './secrets.ts';

type Scope = { db: Db; workspaceId: string; actorId: string };

/** Issues an API token for the caller; the token itself is returned only here. */
export async function createToken(options: Scope & { name: string }) {
  const secret = newSecret();
  const [row] = await options.db
    .insert(apiTokens)
    .values({
      workspaceId: options.workspaceId,
      userId: options.actorId,
      name: options.name,
      tokenHash: hashSecret(secret),
    })
    .returning();
  if (!row) throw new Error('token insert returned nothing');
  await recordAudit({
    ...options,
    action: 'create',
    entity: 'api_token',
    entityId: row.id,
    changes: { name: row.name },
  });
  return { ...presentToken(row), token: `kith_${options.workspaceId}_${secret}` };
}

/** Lists the caller's live tokens, newest first. */
export async function findTokens(options: Scope) {
  const rows = await options.db
    .select()
    .from(apiTokens)
    .where(
      and(
        eq(apiTokens.workspaceId, options.workspaceId),
        eq(apiTokens.userId, options.actorId),
        isNull(apiTokens.revokedAt),
      ),
    )
    .orderBy(desc(apiTokens.createdAt));
  return rows.map(presentToken);
}

/** Revokes one of the caller's tokens. */
export async function revokeToken(options: Scope & { id: string }) {
  const [row] = await options.db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(apiTokens.workspaceId, options.workspaceId),
        eq(apiTokens.userId, options.actorId),
        eq(apiTokens.id, options.id),
        isNull(apiTokens.revokedAt),
      ),
    )
    .returning({ id: apiTokens.id });
  if (!row) throw notFound('token', options.id);
  await recordAudit({ ...options, action: 'delete', entity: 'api_token', entityId: row.id });
}

function presentToken(row: typeof apiTokens.$inferSelect) {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}
