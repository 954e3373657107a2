import type { Db } from '../../db/client.ts';
import { type AuditAction, type AuditEntity, auditLog } from './schema.ts';

/**
 * One audit entry. `changes` must never hold a password, a token or link secret, or a private note's or
 * fact's text: the audit log is read by admins.
 */
export type AuditEntry = {
  db: Db;
  workspaceId: string;
  actorId: string | null;
  action: AuditAction;
  entity: AuditEntity;
  entityId: string | null;
  changes?: Record<string, unknown>;
};

const rowOf = (entry: Omit<AuditEntry, 'db'>) => ({
  workspaceId: entry.workspaceId,
  actorId: entry.actorId,
  action: entry.action,
  entity: entry.entity,
  entityId: entry.entityId,
  changes: entry.changes ?? null,
});

/** Appends one row to the audit log, inside the caller's transaction. */
export async function recordAudit(entry: AuditEntry): Promise<void> {
  await entry.db.insert(auditLog).values(rowOf(entry));
}

/** Appends many rows to the audit log in one statement (a batch write audits each item it wrote). */
export async function recordAudits(options: { db: Db; entries: Omit<AuditEntry, 'db'>[] }): Promise<void> {
  if (options.entries.length === 0) return;
  await options.db.insert(auditLog).values(options.entries.map(rowOf));
}
