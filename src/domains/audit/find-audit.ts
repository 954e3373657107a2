import { and, desc, eq, gte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { decodeKeyCursor, pageFrom } from '../../shared/pagination.ts';
import { users } from '../workspaces/schema.ts';
import type { AuditEntity } from './schema.ts';
import { auditLog } from './schema.ts';

/** An audit entry with its actor's name (null when no user acted, as for the CLI). */
export type AuditRow = typeof auditLog.$inferSelect & { actorName: string | null };

/** The workspace's audit log, newest first, one keyset page at a time, optionally by actor, entity and since when. */
export async function findAuditEntries(options: {
  db: Db;
  workspaceId: string;
  userId?: string;
  entity?: AuditEntity;
  since?: string;
  limit: number;
  cursor?: string;
}): Promise<{ rows: AuditRow[]; nextCursor: string | null }> {
  const { db, workspaceId } = options;
  const after = options.cursor ? decodeKeyCursor(options.cursor, 'timestamp') : null;
  const rows = await db
    .select({ entry: auditLog, actorName: users.name, cursorAt: sql<string>`${auditLog.at}::text` })
    .from(auditLog)
    .leftJoin(users, and(eq(users.workspaceId, auditLog.workspaceId), eq(users.id, auditLog.actorId)))
    .where(
      and(
        eq(auditLog.workspaceId, workspaceId),
        options.userId ? eq(auditLog.actorId, options.userId) : undefined,
        options.entity ? eq(auditLog.entity, options.entity) : undefined,
        options.since ? gte(auditLog.at, new Date(options.since)) : undefined,
        after
          ? sql`(${auditLog.at}, ${auditLog.id}) < (${after.key}::timestamptz, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(options.limit + 1);
  const page = pageFrom(rows, options.limit, (r) => [r.cursorAt, r.entry.id]);
  return {
    rows: page.rows.map((r) => ({ ...r.entry, actorName: r.actorName })),
    nextCursor: page.nextCursor,
  };
}
