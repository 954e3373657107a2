import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';

/**
 * Who is on the workspace's side: every user's login email and every mailbox address, lower case. These
 * are never logged as contacts, whatever captured the mail. (sync.ts keeps its own copy of this query.)
 */
export async function findTeamAddresses(options: { db: Db; workspaceId: string }): Promise<Set<string>> {
  const rows = await queryRows<{ email: string }>(
    options.db,
    sql`select lower(email) as email from users where workspace_id = ${options.workspaceId}::uuid
        union select lower(address) from mailboxes where workspace_id = ${options.workspaceId}::uuid`,
  );
  return new Set(rows.map((r) => r.email));
}

/** One user's own addresses: their login email and the addresses of their mailboxes, lower case. */
export async function findOwnAddresses(options: {
  db: Db;
  workspaceId: string;
  userId: string;
}): Promise<Set<string>> {
  const ws = sql`${options.workspaceId}::uuid`;
  const user = sql`${options.userId}::uuid`;
  const rows = await queryRows<{ email: string }>(
    options.db,
    sql`select lower(email) as email from users where workspace_id = ${ws} and id = ${user}
        union select lower(address) from mailboxes where workspace_id = ${ws} and user_id = ${user}`,
  );
  return new Set(rows.map((r) => r.email));
}
