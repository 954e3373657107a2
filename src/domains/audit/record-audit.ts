import type { Db } from '../../db/client.ts';
import { auditLog } from './schema.ts';

export type AuditEntry = {
  db: Db;
  workspaceId: string;
  actorId: string | null;
  action: 'create' | 'update' | 'delete' | 'login' | 'logout' | 'unlock';
  entity: string;
  entityId: string | null;
  changes?: Record<string, unknown>;
};

/** Appends one row to the audit log, inside the caller's transaction. */
export async function recordAudit(entry: AuditEntry): Promise<void> {
  await entry.db.insert(auditLog).values({
    workspaceId: entry.workspaceId,
    actorId: entry.actorId,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId,
    changes: entry.changes ?? null,
  });
}
