import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { users } from './schema.ts';

export type UserRow = Pick<
  typeof users.$inferSelect,
  'id' | 'name' | 'email' | 'role' | 'active' | 'lastActiveAt'
>;

/** The workspace's users, by name, for owner pickers, filters and the team page (a handful, not thousands). */
export async function findUsers(options: { db: Db; workspaceId: string }): Promise<UserRow[]> {
  return options.db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      active: users.active,
      lastActiveAt: users.lastActiveAt,
    })
    .from(users)
    .where(eq(users.workspaceId, options.workspaceId))
    .orderBy(asc(users.name), asc(users.id))
    .limit(1000);
}
