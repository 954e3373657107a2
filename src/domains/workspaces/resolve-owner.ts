import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../shared/errors.ts';
import { users } from './schema.ts';

/**
 * Turns an owner filter ('me', 'all' or a user id) into a user id, or null for everyone.
 * An id that is not a user of this workspace is a 404 naming the field.
 */
export async function resolveOwner(options: {
  db: Db;
  workspaceId: string;
  actorId: string;
  owner: string;
  field: string;
}): Promise<string | null> {
  if (options.owner === 'all') return null;
  if (options.owner === 'me') return options.actorId;
  const [row] = await options.db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.workspaceId, options.workspaceId), eq(users.id, options.owner)));
  if (!row) {
    throw new AppError('not_found', `${options.field}: no user ${options.owner} in this workspace`, [
      { field: options.field, message: 'not a user of this workspace' },
    ]);
  }
  return row.id;
}
