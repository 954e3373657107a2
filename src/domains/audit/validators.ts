import { z } from 'zod';
import { Id, IsoDateTime, Limit } from '../../shared/validators.ts';
import { AUDIT_ACTIONS, AUDIT_ENTITIES } from './schema.ts';

export const AuditQuery = z.object({
  userId: Id.optional().describe('Only what this user did'),
  entity: z
    .enum(AUDIT_ENTITIES, { error: `must be one of ${AUDIT_ENTITIES.join(', ')}` })
    .optional()
    .describe('Only entries about this kind of thing'),
  since: IsoDateTime.optional().describe('Only entries at or after this moment'),
  limit: Limit,
  cursor: z.string().min(1).max(500).optional(),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditEntryOutput = z.object({
  id: Id,
  at: z.iso.datetime(),
  actor: z.object({ id: Id, name: z.string() }).nullable().describe('Null when no user acted (the CLI)'),
  action: z.enum(AUDIT_ACTIONS),
  entity: z.enum(AUDIT_ENTITIES),
  entityId: Id.nullable(),
  changes: z
    .record(z.string(), z.unknown())
    .nullable()
    .describe('What changed; never a password, a token or a private note’s text'),
});
export type AuditEntryOutput = z.infer<typeof AuditEntryOutput>;
