import { and, eq, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { lockContacts } from '../cadence/due-state.ts';
import type { Phone } from '../contacts/schema.ts';
import { refreshSearchText } from '../contacts/search-text.ts';
import { imports } from './schema.ts';

type Write = { db: Db; workspaceId: string; actorId: string | null; id: string };
type NotUndone = { contactId: string; reason: string };
type Change = {
  entity: 'contact' | 'company';
  entity_id: string;
  action: 'created' | 'updated';
  previous: Record<string, unknown>;
  applied: Record<string, unknown>;
  at: Date;
};

/** Changes per statement while undoing, so a large import is undone in bounded memory. */
const UNDO_PAGE = 1000;

const COLUMNS = {
  title: 'title',
  linkedinUrl: 'linkedin_url',
  companyId: 'company_id',
  birthday: 'birthday',
  lastName: 'last_name',
} as const;

/**
 * Deletes the contacts an import created, unless someone changed them since or logged anything with them
 * (interactions, next steps, facts); each left in place is reported with why.
 */
async function undoCreated(options: Write, changes: Change[], notUndone: NotUndone[]): Promise<number> {
  if (changes.length === 0) return 0;
  const rows = await queryRows<{
    id: string;
    changed: boolean;
    touched: boolean;
    steps: boolean;
    facts: boolean;
  }>(
    options.db,
    sql`select c.id, c.updated_at > u.at as changed,
               exists (select 1 from interaction_contacts i where i.workspace_id = c.workspace_id and i.contact_id = c.id) as touched,
               exists (select 1 from next_steps n where n.workspace_id = c.workspace_id and n.contact_id = c.id) as steps,
               exists (select 1 from facts f where f.workspace_id = c.workspace_id and f.contact_id = c.id and f.created_at > u.at) as facts
          from unnest(${sql.param(changes.map((c) => c.entity_id))}::uuid[], ${sql.param(changes.map((c) => c.at.toISOString()))}::timestamptz[]) as u(id, at)
          join contacts c on c.workspace_id = ${options.workspaceId}::uuid and c.id = u.id
          for no key update of c`,
  );
  const found = new Set(rows.map((r) => r.id));
  for (const c of changes)
    if (!found.has(c.entity_id)) notUndone.push({ contactId: c.entity_id, reason: 'was deleted since' });
  const doomed: string[] = [];
  for (const r of rows) {
    const reason = r.changed
      ? 'was edited since the import'
      : r.touched
        ? 'has interactions logged since'
        : r.steps
          ? 'has next steps'
          : r.facts
            ? 'has facts added since'
            : null;
    if (reason) notUndone.push({ contactId: r.id, reason });
    else doomed.push(r.id);
  }
  if (doomed.length > 0) {
    await options.db.execute(
      sql`delete from contacts where workspace_id = ${options.workspaceId}::uuid and id = any(${sql.param(doomed)}::uuid[])`,
    );
  }
  return doomed.length;
}

/** Reverts what an import added to existing contacts, field by field, where the value is still what it wrote. */
async function undoUpdated(options: Write, changes: Change[], notUndone: NotUndone[]): Promise<number> {
  if (changes.length === 0) return 0;
  const ws = options.workspaceId;
  const ids = changes.map((c) => c.entity_id);
  await lockContacts({ db: options.db, workspaceId: ws, scope: { contactIds: ids } });
  const rows = await queryRows<{
    id: string;
    title: string | null;
    linkedin_url: string | null;
    company_id: string | null;
    birthday: string | null;
    last_name: string;
    tags: string[];
    phones: Phone[];
  }>(
    options.db,
    sql`select id, title, linkedin_url, company_id, birthday::text as birthday, last_name, tags, phones from contacts
         where workspace_id = ${ws}::uuid and id = any(${sql.param(ids)}::uuid[])`,
  );
  const current = new Map(rows.map((r) => [r.id, r]));
  let reverted = 0;
  for (const change of changes) {
    const row = current.get(change.entity_id);
    if (!row) {
      notUndone.push({ contactId: change.entity_id, reason: 'was deleted since' });
      continue;
    }
    const set: Record<string, unknown> = {};
    for (const [key, column] of Object.entries(COLUMNS)) {
      if (!(key in change.applied)) continue;
      if (row[column] === change.applied[key])
        set[column] = change.previous[key] ?? (key === 'lastName' ? '' : null);
      else notUndone.push({ contactId: row.id, reason: `${key} was changed since, so it was kept` });
    }
    const keys = Object.keys(change.applied);
    const drop = (prefix: string) =>
      new Set(keys.filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length)));
    const tags = drop('tag:');
    const phones = drop('phone:');
    if (tags.size) set.tags = row.tags.filter((t) => !tags.has(t));
    if (phones.size) set.phones = JSON.stringify(row.phones.filter((p) => !phones.has(p.number)));
    const emails = [...drop('email:')];
    const facts = [...drop('fact:')];
    await options.db.execute(sql`
      update contacts set
        title = case when ${'title' in set} then ${set.title ?? null}::text else title end,
        linkedin_url = case when ${'linkedin_url' in set} then ${set.linkedin_url ?? null}::text else linkedin_url end,
        company_id = case when ${'company_id' in set} then ${set.company_id ?? null}::uuid else company_id end,
        birthday = case when ${'birthday' in set} then ${set.birthday ?? null}::date else birthday end,
        last_name = case when ${'last_name' in set} then ${set.last_name ?? ''}::text else last_name end,
        tags = coalesce(${set.tags ? sql.param(set.tags) : null}::text[], tags),
        phones = coalesce(${(set.phones as string | undefined) ?? null}::jsonb, phones),
        updated_at = now()
      where workspace_id = ${ws}::uuid and id = ${row.id}::uuid`);
    if (emails.length) {
      await options.db.execute(
        sql`delete from contact_emails where workspace_id = ${ws}::uuid and contact_id = ${row.id}::uuid and lower(email) = any(${sql.param(emails)}::text[])`,
      );
    }
    if (facts.length) {
      await options.db.execute(
        sql`delete from facts where workspace_id = ${ws}::uuid and contact_id = ${row.id}::uuid and id = any(${sql.param(facts)}::uuid[]) and updated_at = created_at`,
      );
    }
    reverted++;
  }
  await refreshSearchText({ db: options.db, workspaceId: ws, scope: { contactIds: rows.map((r) => r.id) } });
  return reverted;
}

/** Deletes the companies an import created that no contact uses any more. */
async function undoCompanies(options: Write, changes: Change[]): Promise<void> {
  if (changes.length === 0) return;
  await options.db.execute(sql`
    delete from companies co where co.workspace_id = ${options.workspaceId}::uuid
       and co.id = any(${sql.param(changes.map((c) => c.entity_id))}::uuid[])
       and not exists (select 1 from contacts c where c.workspace_id = co.workspace_id and c.company_id = co.id)`);
}

/**
 * Undoes a finished import: removes the contacts it created and reverts what it added to others, as long
 * as nothing else changed them since; what it leaves is listed with why. Runs in the caller's transaction.
 */
export async function undoImport(options: Write) {
  const { db, workspaceId, id } = options;
  const [row] = await db
    .select()
    .from(imports)
    .where(and(eq(imports.workspaceId, workspaceId), eq(imports.id, id)))
    .for('update');
  if (!row) throw notFound('import', id);
  if (row.dryRun) throw new AppError('conflict', 'A dry run wrote nothing, so there is nothing to undo');
  if (row.status !== 'done') {
    throw new AppError(
      'conflict',
      row.status === 'undone' ? 'This import was already undone' : 'Only a finished import can be undone',
    );
  }
  const notUndone: NotUndone[] = [];
  let removed = 0;
  let reverted = 0;
  for (let offset = 0; ; offset += UNDO_PAGE) {
    const page = await queryRows<Change>(
      db,
      sql`select entity, entity_id, action, previous, applied, at from import_changes
           where workspace_id = ${workspaceId}::uuid and import_id = ${id}::uuid
           order by entity desc, entity_id limit ${UNDO_PAGE} offset ${offset}`,
    );
    const contacts = page.filter((c) => c.entity === 'contact').map((c) => ({ ...c, at: new Date(c.at) }));
    removed += await undoCreated(
      options,
      contacts.filter((c) => c.action === 'created'),
      notUndone,
    );
    reverted += await undoUpdated(
      options,
      contacts.filter((c) => c.action === 'updated'),
      notUndone,
    );
    await undoCompanies(
      options,
      page.filter((c) => c.entity === 'company'),
    );
    if (page.length < UNDO_PAGE) break;
  }
  const [saved] = await db
    .update(imports)
    .set({ status: 'undone', undoReport: { notUndone: notUndone.slice(0, 1000) }, updatedAt: new Date() })
    .where(and(eq(imports.workspaceId, workspaceId), eq(imports.id, id)))
    .returning();
  await recordAudit({
    ...options,
    action: 'undo',
    entity: 'import',
    entityId: id,
    changes: { removed, reverted, notUndone: notUndone.length },
  });
  return saved ?? row;
}
