import { index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { idColumn, workspaceIdColumn } from '../../db/columns.ts';

/** Every write: who (actor), what (action on entity), when, and the changed fields. */
export const auditLog = pgTable(
  'audit_log',
  {
    workspaceId: workspaceIdColumn(),
    id: idColumn(),
    actorId: uuid('actor_id'),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: uuid('entity_id'),
    changes: jsonb('changes').$type<Record<string, unknown>>(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('audit_log_at_idx').on(t.workspaceId, t.at),
    index('audit_log_entity_idx').on(t.workspaceId, t.entity, t.entityId),
  ],
);
