import type { Db } from '../../db/client.ts';
import { requireIds } from '../../db/require-ids.ts';
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
  await requireIds({ ...options, table: users, ids: [options.owner], entity: 'User' });
  return options.owner;
}
