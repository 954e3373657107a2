import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { users } from '../workspaces/schema.ts';

/** Changes the caller's own name. */
export async function updateProfile(options: {
  db: Db;
  workspaceId: string;
  actorId: string;
  name: string;
}): Promise<void> {
  const [before] = await options.db
    .select({ name: users.name })
    .from(users)
    .where(and(eq(users.workspaceId, options.workspaceId), eq(users.id, options.actorId)));
  if (!before || before.name === options.name) return;
  await options.db
    .update(users)
    .set({ name: options.name, updatedAt: new Date() })
    .where(and(eq(users.workspaceId, options.workspaceId), eq(users.id, options.actorId)));
  await recordAudit({
    ...options,
    action: 'update',
    entity: 'user',
    entityId: options.actorId,
    changes: { name: { from: before.name, to: options.name } },
  });
}
