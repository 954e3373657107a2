import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';

/** Whether a lower-case address is on the workspace's side. */
export type TeamAddresses = { has: (address: string) => boolean };

/**
 * Who is on the workspace's side: every user's login email, every mailbox address, and every dropbox address
 * (by its secret local part, whatever domain it was written with: a forward to it sits in the Sent folder).
 * These are never logged or suggested as contacts, whatever captured the mail.
 */
export async function findTeamAddresses(options: { db: Db; workspaceId: string }): Promise<TeamAddresses> {
  const ws = sql`${options.workspaceId}::uuid`;
  const rows = await queryRows<{ email: string; kind: 'address' | 'token' }>(
    options.db,
    sql`select lower(email) as email, 'address' as kind from users where workspace_id = ${ws}
        union select lower(address), 'address' from mailboxes where workspace_id = ${ws}
        union select lower(token), 'token' from dropboxes where workspace_id = ${ws}`,
  );
  const addresses = new Set(rows.filter((r) => r.kind === 'address').map((r) => r.email));
  const tokens = new Set(rows.filter((r) => r.kind === 'token').map((r) => r.email));
  return { has: (address) => addresses.has(address) || tokens.has(address.slice(0, address.indexOf('@'))) };
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

/** The contacts holding these (lower-case) addresses, by address. */
export async function contactsByAddress(
  db: Db,
  workspaceId: string,
  emails: string[],
): Promise<Map<string, string>> {
  if (emails.length === 0) return new Map();
  const rows = await queryRows<{ email: string; contact_id: string }>(
    db,
    sql`select lower(email) as email, contact_id from contact_emails
        where workspace_id = ${workspaceId}::uuid and lower(email) = any(${sql.param(emails)}::text[])`,
  );
  return new Map(rows.map((r) => [r.email, r.contact_id]));
}
