import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { lockContacts } from '../cadence/due-state.ts';
import { insertNewContacts } from '../contacts/insert-new.ts';
import type { Phone } from '../contacts/schema.ts';
import { refreshSearchText } from '../contacts/search-text.ts';
import { ColumnBatch, textArrayLiteral } from '../demo/bulk-insert.ts';
import { companiesByNameOrDomain, contactsByEmail, contactsByNameAndCompany, workDomain } from './match.ts';
import { type BatchPlan, type ContactState, type Lookups, planBatch } from './plan-batch.ts';
import type { ImportRecord } from './record.ts';
import type { ImportOptions } from './schema.ts';

type Scope = { db: Db; workspaceId: string; actorId: string | null; importId: string };

/** The existing contacts a batch matched, as the plan works on them (fields, emails, fact texts). */
async function loadStates(
  options: Scope & { ids: string[]; withFacts: boolean },
): Promise<Map<string, ContactState>> {
  const states = new Map<string, ContactState>();
  if (options.ids.length === 0) return states;
  const ids = sql.param(options.ids);
  const ws = options.workspaceId;
  const rows = await queryRows<{
    id: string;
    first_name: string;
    last_name: string;
    title: string | null;
    linkedin_url: string | null;
    company_id: string | null;
    birthday: string | null;
    tags: string[];
    phones: Phone[];
    emails: string[] | null;
  }>(
    options.db,
    sql`select c.id, c.first_name, c.last_name, c.title, c.linkedin_url, c.company_id, c.birthday::text as birthday, c.tags, c.phones,
               (select array_agg(lower(e.email) order by e.position) from contact_emails e
                 where e.workspace_id = c.workspace_id and e.contact_id = c.id) as emails
          from contacts c where c.workspace_id = ${ws}::uuid and c.id = any(${ids}::uuid[])`,
  );
  const facts = options.withFacts
    ? await queryRows<{ contact_id: string; text: string }>(
        options.db,
        sql`select contact_id, text from facts where workspace_id = ${ws}::uuid and contact_id = any(${ids}::uuid[])`,
      )
    : [];
  for (const r of rows) {
    const emails = r.emails ?? [];
    states.set(r.id, {
      id: r.id,
      isNew: false,
      row: 0,
      firstName: r.first_name,
      lastName: r.last_name,
      title: r.title,
      linkedinUrl: r.linkedin_url,
      companyId: r.company_id,
      birthday: r.birthday,
      tags: [...r.tags],
      phones: [...r.phones],
      emails: [...emails],
      emailCountBefore: emails.length,
      factTexts: new Set(facts.filter((f) => f.contact_id === r.id).map((f) => f.text)),
      newEmails: [],
      newNotes: [],
      previous: {},
      applied: {},
      changedFields: false,
    });
  }
  return states;
}

/** Reads what the database knows about a batch's people and decides the batch (planBatch). */
export async function decideBatch(
  options: Scope & { records: ImportRecord[]; importOptions: ImportOptions },
): Promise<BatchPlan> {
  const { records } = options;
  const emails = [...new Set(records.flatMap((r) => r.emails))];
  const emailOwner = await contactsByEmail({ ...options, emails });
  const unmatched = records.filter((r) => !r.emails.some((e) => emailOwner.has(e)));
  const byName = await contactsByNameAndCompany({ ...options, people: unmatched });
  const names = [...new Set(records.flatMap((r) => (r.company ? [r.company.toLowerCase()] : [])))];
  const domains = [...new Set(emails.map(workDomain).filter((d): d is string => d !== null))];
  const companies = await companiesByNameOrDomain({ ...options, names, domains });
  const ids = [...new Set([...emailOwner.values(), ...byName.values()])];
  const existing = await loadStates({ ...options, ids, withFacts: records.some((r) => r.notes.length > 0) });
  const lookups: Lookups = {
    emailOwner,
    byName,
    existing,
    companyByName: companies.byName,
    companyByDomain: companies.byDomain,
  };
  return planBatch({ records, lookups, importOptions: options.importOptions });
}

const isChanged = (s: ContactState) =>
  s.isNew || s.changedFields || s.newEmails.length > 0 || s.newNotes.length > 0;

/**
 * Writes a decided batch in the caller's transaction: new companies, new contacts with their emails
 * (insertNewContacts, search text and due state included), filled fields of existing contacts (locked
 * first) with their search text refreshed, their new emails, facts from notes, and what changed for undo.
 */
export async function writeBatch(
  options: Scope & { plan: BatchPlan; importOptions: ImportOptions; now: Date },
) {
  const { db, workspaceId: ws, plan, now, importOptions } = options;
  const at = now.toISOString();
  const states = [...plan.contacts.values()].filter(isChanged);
  const created = states.filter((s) => s.isNew);
  const updated = states.filter((s) => !s.isNew);

  const companies = new ColumnBatch('companies', [
    ['workspace_id', 'uuid'],
    ['id', 'uuid'],
    ['name', 'text'],
    ['domain', 'text'],
    ['created_at', 'timestamptz'],
    ['updated_at', 'timestamptz'],
  ]);
  for (const c of plan.newCompanies) companies.push(ws, c.id, c.name, c.domain, at, at);
  await companies.flush(db);

  await insertNewContacts({
    db,
    workspaceId: ws,
    source: 'import',
    now,
    contacts: created.map((s) => ({
      ...s,
      ownerId: importOptions.ownerId,
      tierId: importOptions.tierId,
      emails: s.newEmails,
    })),
  });

  const changed = updated.filter((s) => s.changedFields);
  if (changed.length > 0) {
    await lockContacts({ db, workspaceId: ws, scope: { contactIds: changed.map((s) => s.id) } });
    await db.execute(sql`
      update contacts c set last_name = u.last_name, title = u.title, linkedin_url = u.linkedin_url, company_id = u.company_id, birthday = u.birthday,
             tags = u.tags::text[], phones = u.phones::jsonb, updated_at = ${at}::timestamptz
        from unnest(${sql.param(changed.map((s) => s.id))}::uuid[], ${sql.param(changed.map((s) => s.lastName))}::text[],
                    ${sql.param(changed.map((s) => s.title))}::text[], ${sql.param(changed.map((s) => s.linkedinUrl))}::text[],
                    ${sql.param(changed.map((s) => s.companyId))}::uuid[],
                    ${sql.param(changed.map((s) => s.birthday))}::date[], ${sql.param(changed.map((s) => textArrayLiteral(s.tags)))}::text[],
                    ${sql.param(changed.map((s) => JSON.stringify(s.phones)))}::text[])
             as u(id, last_name, title, linkedin_url, company_id, birthday, tags, phones)
       where c.workspace_id = ${ws}::uuid and c.id = u.id`);
  }

  const emails = new ColumnBatch('contact_emails', [
    ['workspace_id', 'uuid'],
    ['contact_id', 'uuid'],
    ['email', 'text'],
    ['position', 'int'],
  ]);
  const facts = new ColumnBatch('facts', [
    ['workspace_id', 'uuid'],
    ['id', 'uuid'],
    ['contact_id', 'uuid'],
    ['text', 'text'],
    ['created_by', 'uuid'],
    ['created_at', 'timestamptz'],
    ['updated_at', 'timestamptz'],
  ]);
  for (const s of updated) {
    s.newEmails.forEach((email, i) => {
      emails.push(ws, s.id, email, s.emailCountBefore + i);
    });
  }
  for (const s of states) {
    for (const note of s.newNotes) {
      const id = randomUUID();
      facts.push(ws, id, s.id, note, options.actorId, at, at);
      if (!s.isNew) s.applied[`fact:${id}`] = 1;
    }
  }
  await emails.flush(db);
  await facts.flush(db);

  const searchIds = updated
    .filter((s) => s.newEmails.length > 0 || 'companyId' in s.applied || 'lastName' in s.applied)
    .map((s) => s.id);
  await refreshSearchText({ db, workspaceId: ws, scope: { contactIds: searchIds } });
  await recordChanges({ ...options, states, plan });
}

/** Upserts what the batch did per contact and company; a second change to one contact merges into the first. */
async function recordChanges(options: Scope & { states: ContactState[]; plan: BatchPlan; now: Date }) {
  const rows = [
    ...options.plan.newCompanies.map((c) => ({
      entity: 'company',
      id: c.id,
      action: 'created',
      row: c.row,
      previous: {},
      applied: {},
    })),
    ...options.states.map((s) => ({
      entity: 'contact',
      id: s.id,
      action: s.isNew ? 'created' : 'updated',
      row: s.row,
      previous: s.previous,
      applied: s.applied,
    })),
  ];
  if (rows.length === 0) return;
  const col = <T>(f: (r: (typeof rows)[number]) => T) => sql.param(rows.map(f));
  await options.db.execute(sql`
    insert into import_changes (workspace_id, import_id, entity, entity_id, action, row, previous, applied, at)
    select ${options.workspaceId}::uuid, ${options.importId}::uuid, u.entity, u.id, u.action, u.row, u.previous::jsonb, u.applied::jsonb, ${options.now.toISOString()}::timestamptz
      from unnest(${col((r) => r.entity)}::text[], ${col((r) => r.id)}::uuid[], ${col((r) => r.action)}::text[], ${col((r) => r.row)}::int[],
                  ${col((r) => JSON.stringify(r.previous))}::text[], ${col((r) => JSON.stringify(r.applied))}::text[])
           as u(entity, id, action, row, previous, applied)
    on conflict (workspace_id, import_id, entity, entity_id) do update
       set previous = excluded.previous || import_changes.previous,
           applied = import_changes.applied || excluded.applied,
           at = excluded.at`);
}
