import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';

type Scope = { db: Db; workspaceId: string };

/** Mail providers whose domain says nothing about where a person works. */
const PERSONAL_DOMAINS = new Set(
  'gmail.com googlemail.com yahoo.com yahoo.co.uk hotmail.com hotmail.co.uk outlook.com live.com msn.com icloud.com me.com mac.com aol.com gmx.de gmx.net web.de proton.me protonmail.com yandex.ru mail.ru qq.com 163.com orange.fr free.fr'.split(
    ' ',
  ),
);

/** The domain of a work address (acme.test for jane@acme.test), or null for a personal mail provider. */
export function workDomain(email: string): string | null {
  const domain = email.split('@')[1]?.toLowerCase();
  return domain && !PERSONAL_DOMAINS.has(domain) ? domain : null;
}

/** How a contact is matched when no email matches: its name and company, case-insensitively. */
export function nameKey(firstName: string, lastName: string, company: string | null): string {
  return [firstName, lastName, company ?? ''].map((p) => p.trim().toLowerCase()).join('\u001f');
}

/** The contacts that hold any of these addresses (lower-cased), by address; uses the unique lower(email) index. */
export async function contactsByEmail(options: Scope & { emails: string[] }): Promise<Map<string, string>> {
  if (options.emails.length === 0) return new Map();
  const rows = await queryRows<{ email: string; contact_id: string }>(
    options.db,
    sql`select lower(email) as email, contact_id from contact_emails
        where workspace_id = ${options.workspaceId}::uuid and lower(email) = any(${sql.param(options.emails)}::text[])`,
  );
  return new Map(rows.map((r) => [r.email, r.contact_id]));
}

/**
 * The contacts with these names at these companies, by nameKey; a name without a company matches a contact
 * without one. The oldest contact wins when several share a key. Uses contacts_name_idx.
 */
export async function contactsByNameAndCompany(
  options: Scope & { people: { firstName: string; lastName: string; company: string | null }[] },
): Promise<Map<string, string>> {
  if (options.people.length === 0) return new Map();
  const rows = await queryRows<{ id: string; first_name: string; last_name: string; company: string | null }>(
    options.db,
    // A join on the unnested names (not a row IN) lets each name be one probe of contacts_name_idx.
    sql`select c.id, c.first_name, c.last_name, co.name as company
          from unnest(${sql.param(options.people.map((p) => p.lastName.toLowerCase()))}::text[],
                      ${sql.param(options.people.map((p) => p.firstName.toLowerCase()))}::text[]) as p(last_name, first_name)
          join contacts c on c.workspace_id = ${options.workspaceId}::uuid
                         and lower(c.last_name) = p.last_name and lower(c.first_name) = p.first_name
          left join companies co on co.workspace_id = c.workspace_id and co.id = c.company_id
         order by c.created_at, c.id`,
  );
  const found = new Map<string, string>();
  for (const r of rows) {
    const key = nameKey(r.first_name, r.last_name, r.company);
    if (!found.has(key)) found.set(key, r.id);
  }
  return found;
}

/** Companies of the workspace by lower-cased name and by domain, for the names and domains given. */
export async function companiesByNameOrDomain(
  options: Scope & { names: string[]; domains: string[] },
): Promise<{ byName: Map<string, string>; byDomain: Map<string, string> }> {
  const byName = new Map<string, string>();
  const byDomain = new Map<string, string>();
  if (options.names.length === 0 && options.domains.length === 0) return { byName, byDomain };
  const rows = await queryRows<{ id: string; name: string; domain: string | null }>(
    options.db,
    // Two index scans (companies_name_idx, companies_domain_idx) rather than one OR that scans them all.
    sql`select id, lower(name) as name, lower(domain) as domain, created_at from companies
         where workspace_id = ${options.workspaceId}::uuid and lower(name) = any(${sql.param(options.names)}::text[])
        union
        select id, lower(name) as name, lower(domain) as domain, created_at from companies
         where workspace_id = ${options.workspaceId}::uuid and lower(domain) = any(${sql.param(options.domains)}::text[])
         order by created_at, id`,
  );
  for (const r of rows) {
    if (!byName.has(r.name)) byName.set(r.name, r.id);
    if (r.domain && !byDomain.has(r.domain)) byDomain.set(r.domain, r.id);
  }
  return { byName, byDomain };
}
