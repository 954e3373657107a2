import { index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { idColumn, workspaceIdColumn } from '../../db/columns.ts';

/** What an entry can say was done. */
export const AUDIT_ACTIONS = [
  'create',
  'update',
  'delete',
  'login',
  'logout',
  'accept',
  'revoke',
  'role_change',
  'deactivate',
  'reactivate',
  'password_change',
  'password_reset_link',
  'password_reset',
  'sessions_revoke',
  'unlock',
  'merge',
  'dismiss_duplicate',
  'undo',
  'ignore',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What an entry can be about; the audit log's entity filter offers these. */
export const AUDIT_ENTITIES = [
  'workspace',
  'user',
  'session',
  'api_token',
  'invite',
  'tier',
  'company',
  'contact',
  'interaction',
  'next_step',
  'fact',
  'import',
  'calendar_subscription',
  'mailbox',
  'suggested_contact',
  'template',
  'sequence',
  'sequence_enrollment',
] as const;
export type AuditEntity = (typeof AUDIT_ENTITIES)[number];

/** Every write: who (actor), what (action on entity), when, and the changed fields. */
export const auditLog = pgTable(
  'audit_log',
  {
    workspaceId: workspaceIdColumn(),
    id: idColumn(),
    actorId: uuid('actor_id'),
    action: text('action').$type<AuditAction>().notNull(),
    entity: text('entity').$type<AuditEntity>().notNull(),
    entityId: uuid('entity_id'),
    changes: jsonb('changes').$type<Record<string, unknown>>(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('audit_log_at_idx').on(t.workspaceId, t.at),
    index('audit_log_actor_idx').on(t.workspaceId, t.actorId, t.at),
    index('audit_log_entity_idx').on(t.workspaceId, t.entity, t.entityId),
  ],
);
