import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { notFound } from '../../shared/errors.ts';
import type { MergeValues } from './render.ts';

/**
 * What the merge fields say for a contact, written by a user: the contact's names, its company, the user's
 * first name, and its newest personal fact (private ones never: an email leaves the team). Content comes with
 * a newsletter's item when there is one.
 */
export async function mergeValues(options: {
  db: Db;
  workspaceId: string;
  contactId: string;
  userId: string;
  content?: { title: string; url: string } | null;
  field?: string;
}): Promise<MergeValues> {
  const [row] = await queryRows<{
    first_name: string;
    last_name: string;
    company: string | null;
    user_name: string | null;
    fact: string | null;
  }>(
    options.db,
    sql`select c.first_name, c.last_name, co.name as company,
          (select u.name from users u where u.workspace_id = c.workspace_id and u.id = ${options.userId}::uuid)
            as user_name,
          (select f.text from facts f where f.workspace_id = c.workspace_id and f.contact_id = c.id
            and not f.is_private order by f.created_at desc, f.id desc limit 1) as fact
        from contacts c
        left join companies co on co.workspace_id = c.workspace_id and co.id = c.company_id
        where c.workspace_id = ${options.workspaceId}::uuid and c.id = ${options.contactId}::uuid`,
  );
  if (!row) throw notFound('Contact', options.contactId, options.field ?? 'body.contactId');
  return {
    'contact.firstName': row.first_name,
    'contact.lastName': row.last_name,
    'company.name': row.company,
    'user.firstName': row.user_name?.trim().split(/\s+/)[0] ?? null,
    'fact.latest': row.fact,
    'content.title': options.content?.title ?? null,
    'content.url': options.content?.url ?? null,
  };
}
