import type { AuditRow } from './find-audit.ts';
import type { AuditEntryOutput } from './validators.ts';

/** Picks the API fields of an audit entry, with who acted by id and name. */
export function presentAuditEntry(row: AuditRow): AuditEntryOutput {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actor: row.actorId ? { id: row.actorId, name: row.actorName ?? 'A removed user' } : null,
    action: row.action,
    entity: row.entity,
    entityId: row.entityId,
    changes: row.changes ?? null,
  };
}
