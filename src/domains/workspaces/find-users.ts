import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { users } from './schema.ts';
import type { UserListItem } from './validators.ts';

/** The workspace's users, by name, for owner pickers and filters (a workspace has a handful, not thousands). */
export async function findUsers(options: { db: Db; workspaceId: string }): Promise<UserListItem[]> {
  return options.db
    .select({ id: users.id, name: users.name, email: users.email, role: users.role })
    .from(users)
    .where(eq(users.workspaceId, options.workspaceId))
    .orderBy(asc(users.name), asc(users.id))
    .limit(1000);
}
