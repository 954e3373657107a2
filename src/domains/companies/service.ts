import { and, count, eq, ilike, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../shared/errors.ts';
import { decodeCursor, encodeCursor } from '../../shared/pagination.ts';
import { Id } from '../../shared/validators.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { contacts } from '../contacts/schema.ts';
import { refreshSearchText } from '../contacts/search-text.ts';
import { companies } from './schema.ts';
import type { CompanyCreateInput, CompanyListQuery, CompanyUpdateInput } from './validators.ts';

type Scope = { db: Db; workspaceId: string };
export type CompanyRow = typeof companies.$inferSelect;
/** A company with how many (non-archived) contacts it has. */
export type CompanyWithCount = { company: CompanyRow; contactCount: number };

/** Counts the non-archived contacts of many companies in one query. */
async function contactCounts(options: Scope & { companyIds: string[] }): Promise<Map<string, number>> {
  if (options.companyIds.length === 0) return new Map();
  const rows = await options.db
    .select({ companyId: contacts.companyId, n: count() })
    .from(contacts)
    .where(
      and(
        eq(contacts.workspaceId, options.workspaceId),
        inArray(contacts.companyId, options.companyIds),
        eq(contacts.archived, false),
      ),
    )
    .groupBy(contacts.companyId);
  return new Map(rows.map((r) => [r.companyId!, r.n]));
}

async function withCounts(options: Scope & { rows: CompanyRow[] }): Promise<CompanyWithCount[]> {
  const counts = await contactCounts({ ...options, companyIds: options.rows.map((r) => r.id) });
  return options.rows.map((company) => ({ company, contactCount: counts.get(company.id) ?? 0 }));
}

async function loadCompany(options: Scope & { id: string }): Promise<CompanyRow> {
  const [row] = await options.db
    .select()
    .from(companies)
    .where(and(eq(companies.workspaceId, options.workspaceId), eq(companies.id, options.id)));
  if (!row) throw notFound('company', options.id);
  return row;
}

/** One company of the workspace, or not_found. */
export async function getCompany(options: Scope & { id: string }): Promise<CompanyWithCount> {
  const row = await loadCompany(options);
  const [company] = await withCounts({ ...options, rows: [row] });
  return company!;
}

/** A page's cursor: the last company's lower(name) and id. */
const NameCursor = z.tuple([z.string(), Id]);

/** A page of companies ordered by name, optionally those whose name contains q. */
export async function findCompanies(
  options: Scope & { query: CompanyListQuery },
): Promise<{ rows: CompanyWithCount[]; nextCursor: string | null }> {
  const { q, limit, cursor } = options.query;
  const nameKey = sql<string>`lower(${companies.name})`;
  const after = cursor ? decodeCursor(cursor, NameCursor) : null;
  const rows = await options.db
    .select()
    .from(companies)
    .where(
      and(
        eq(companies.workspaceId, options.workspaceId),
        q ? ilike(companies.name, `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) : undefined,
        after ? sql`(${nameKey}, ${companies.id}) > (${after[0]}, ${after[1]}::uuid)` : undefined,
      ),
    )
    .orderBy(nameKey, companies.id)
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    rows: await withCounts({ ...options, rows: page }),
    nextCursor: rows.length > limit && last ? encodeCursor([last.name.toLowerCase(), last.id]) : null,
  };
}

/** Adds a company to the workspace. */
export async function createCompany(
  options: Scope & { actorId: string; input: CompanyCreateInput },
): Promise<CompanyWithCount> {
  const [row] = await options.db
    .insert(companies)
    .values({ ...options.input, workspaceId: options.workspaceId })
    .returning();
  if (!row) throw new Error('company insert returned nothing');
  await recordAudit({
    ...options,
    action: 'create',
    entity: 'company',
    entityId: row.id,
    changes: options.input,
  });
  return { company: row, contactCount: 0 };
}

/** Changes a company; a rename rebuilds the search text of all its contacts. */
export async function updateCompany(
  options: Scope & { actorId: string; id: string; input: CompanyUpdateInput },
): Promise<CompanyWithCount> {
  const before = await loadCompany(options);
  const [row] = await options.db
    .update(companies)
    .set({ ...options.input, updatedAt: new Date() })
    .where(and(eq(companies.workspaceId, options.workspaceId), eq(companies.id, options.id)))
    .returning();
  if (!row) throw notFound('company', options.id);
  if (row.name !== before.name) {
    await refreshSearchText({ ...options, scope: { companyId: row.id } });
  }
  await recordAudit({
    ...options,
    action: 'update',
    entity: 'company',
    entityId: row.id,
    changes: options.input,
  });
  return getCompany(options);
}

/** Unlinks the company's contacts (their search text drops its name), then deletes it. */
export async function deleteCompany(options: Scope & { actorId: string; id: string }): Promise<void> {
  await loadCompany(options);
  const unlinked = await options.db
    .update(contacts)
    .set({ companyId: null, updatedAt: new Date() })
    .where(and(eq(contacts.workspaceId, options.workspaceId), eq(contacts.companyId, options.id)))
    .returning({ id: contacts.id });
  const contactIds = unlinked.map((c) => c.id);
  await refreshSearchText({ ...options, scope: { contactIds } });
  await options.db
    .delete(companies)
    .where(and(eq(companies.workspaceId, options.workspaceId), eq(companies.id, options.id)));
  await recordAudit({
    ...options,
    action: 'delete',
    entity: 'company',
    entityId: options.id,
    changes: { unlinkedContacts: contactIds.length },
  });
}
