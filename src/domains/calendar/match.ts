import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';

/**
 * The contacts each address belongs to (contact_emails, case-insensitively), leaving out the addresses of the
 * workspace's users: the user and their teammates are on every meeting and are not contacts to keep up with.
 */
export async function matchContactsByEmail(options: {
  db: Db;
  workspaceId: string;
  emails: string[];
}): Promise<Map<string, string>> {
  const emails = [...new Set(options.emails.map((e) => e.toLowerCase()))];
  if (emails.length === 0) return new Map();
  const rows = await queryRows<{ email: string; contactId: string }>(
    options.db,
    sql`select lower(ce.email) as email, ce.contact_id as "contactId"
        from contact_emails ce
        where ce.workspace_id = ${options.workspaceId}::uuid
          and lower(ce.email) = any(${sql.param(emails)}::text[])
          and not exists (select 1 from users u
            where u.workspace_id = ce.workspace_id and lower(u.email) = lower(ce.email))`,
  );
  return new Map(rows.map((r) => [r.email, r.contactId]));
}
