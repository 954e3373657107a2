import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { recordAudit, recordAudits } from '../audit/record-audit.ts';
import { lockContacts, refreshDueState } from '../cadence/due-state.ts';
import { deleteSoleInteractions } from '../interactions/interactions.ts';
import { type Actor, assertMayDelete } from '../workspaces/permissions.ts';
import { type ContactRecord, loadContacts } from './load-contacts.ts';
import { assertContactsExist, assertEmailsFree, assertRefsExist, replaceEmails } from './references.ts';
import { contactEmails, contacts } from './schema.ts';
import { refreshSearchText } from './search-text.ts';
import {
  type BulkContactsInput,
  type ContactCreateInput,
  type ContactUpdateInput,
  MAX_TAGS,
} from './validators.ts';

type Scope = { db: Db; workspaceId: string };
type Write = Scope & { actorId: string | null };

/** The inputs of the due engine: changing any of them means the due state must be recomputed. */
const DUE_INPUTS = ['tierId', 'intervalDays', 'snoozedUntil', 'doNotContact', 'archived'] as const;

function phonesOf(phones: ContactCreateInput['phones']) {
  return phones?.map((p) => ({ label: p.label ?? null, number: p.number }));
}

/** One contact of the workspace, or not_found. */
export async function getContact(options: Scope & { id: string }): Promise<ContactRecord> {
  const [contact] = await loadContacts({ ...options, ids: [options.id] });
  if (!contact) throw notFound('contact', options.id);
  return contact;
}

/** The contact that has this email address (any case), or null; uses the unique index on lower(email). */
export async function findContactByEmail(options: Scope & { email: string }): Promise<ContactRecord | null> {
  const [match] = await options.db
    .select({ id: contactEmails.contactId })
    .from(contactEmails)
    .where(
      and(
        eq(contactEmails.workspaceId, options.workspaceId),
        eq(sql`lower(${contactEmails.email})`, options.email.toLowerCase()),
      ),
    );
  if (!match) return null;
  const [contact] = await loadContacts({ ...options, ids: [match.id] });
  return contact ?? null;
}

/** Adds a contact owned by the caller unless another owner is given, and computes its search text and due state. */
export async function createContact(options: Write & { input: ContactCreateInput }): Promise<ContactRecord> {
  const { db, workspaceId, input } = options;
  const ownerId = input.ownerId === undefined ? options.actorId : input.ownerId;
  await assertRefsExist({ db, workspaceId, refs: { ...input, ownerId }, prefix: 'body' });
  const emails = input.emails ?? [];
  await assertEmailsFree({ db, workspaceId, emails });
  const { emails: _emails, phones, ...fields } = input;
  const [row] = await db
    .insert(contacts)
    .values({ ...fields, ownerId, phones: phonesOf(phones), workspaceId })
    .returning({ id: contacts.id });
  if (!row) throw new Error('contact insert returned nothing');
  await replaceEmails({ db, workspaceId, contactId: row.id, emails });
  await refreshSearchText({ db, workspaceId, scope: { contactIds: [row.id] } });
  await refreshDueState({ db, workspaceId, scope: { contactIds: [row.id] } });
  await recordAudit({ ...options, action: 'create', entity: 'contact', entityId: row.id, changes: input });
  return getContact({ db, workspaceId, id: row.id });
}

/** Changes a contact: only the fields given; `emails` replaces the list. */
export async function updateContact(
  options: Write & { id: string; input: ContactUpdateInput },
): Promise<ContactRecord> {
  const { db, workspaceId, id, input } = options;
  const [existing] = await db
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, id)));
  if (!existing) throw notFound('contact', id);
  await lockContacts({ db, workspaceId, scope: { contactIds: [id] } });
  await assertRefsExist({ db, workspaceId, refs: input, prefix: 'body' });
  if (input.emails) await assertEmailsFree({ db, workspaceId, emails: input.emails, exceptContactId: id });
  const { emails, phones, ...fields } = input;
  await db
    .update(contacts)
    .set({ ...fields, phones: phonesOf(phones), updatedAt: new Date() })
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, id)));
  if (emails) await replaceEmails({ db, workspaceId, contactId: id, emails });
  await refreshSearchText({ db, workspaceId, scope: { contactIds: [id] } });
  if (DUE_INPUTS.some((key) => input[key] !== undefined)) {
    await refreshDueState({ db, workspaceId, scope: { contactIds: [id] } });
  }
  await recordAudit({ ...options, action: 'update', entity: 'contact', entityId: id, changes: input });
  return getContact({ db, workspaceId, id });
}

/**
 * Deletes a contact for good with everything that is only about them: its emails, next steps, facts, and
 * the interactions it was the last contact of (each audited). An interaction shared with other contacts
 * stays with them. The contact is locked first, so a touch logged at the same moment either commits before
 * (and its interaction is deleted here) or waits and then finds the contact gone (404).
 */
export async function deleteContact(options: Write & Actor & { id: string }): Promise<void> {
  const { db, workspaceId, id } = options;
  const [row] = await db
    .select({ id: contacts.id, ownerId: contacts.ownerId })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, id)))
    .for('update');
  if (!row) throw notFound('contact', id);
  assertMayDelete({ ...options, ownerId: row.ownerId, entity: 'contact' });
  const onlyTheirs = await deleteSoleInteractions({ db, workspaceId, contactId: id });
  await db.delete(contacts).where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, id)));
  await recordAudit({
    ...options,
    action: 'delete',
    entity: 'contact',
    entityId: id,
    changes: { deletedInteractions: onlyTheirs.length },
  });
  await recordAudits({
    db,
    entries: onlyTheirs.map((interaction) => ({
      workspaceId,
      actorId: options.actorId,
      action: 'delete' as const,
      entity: 'interaction',
      entityId: interaction.id,
      changes: {
        kind: interaction.kind,
        summary: interaction.summary,
        reason: 'its last contact was deleted',
      },
    })),
  });
}

/** Applies one change to many contacts, all or nothing: an unknown id or reference writes nothing. */
export async function bulkUpdateContacts(
  options: Write & { input: BulkContactsInput },
): Promise<{ updated: number }> {
  const { db, workspaceId } = options;
  const { set } = options.input;
  const ids = [...new Set(options.input.ids)];
  await assertContactsExist({ db, workspaceId, ids, field: 'body.ids' });
  // In id order, before the UPDATE locks them in whatever order it meets them.
  await lockContacts({ db, workspaceId, scope: { contactIds: ids } });
  await assertRefsExist({ db, workspaceId, refs: set, prefix: 'body.set' });
  const addTags = set.addTags?.length
    ? sql`array(select t from unnest(${contacts.tags} || array[${sql.join(
        set.addTags.map((t) => sql`${t}`),
        sql`, `,
      )}]::text[]) with ordinality as u(t, n) group by t order by min(n))`
    : undefined;
  const rows = await db
    .update(contacts)
    .set({ tierId: set.tierId, ownerId: set.ownerId, stage: set.stage, tags: addTags, updatedAt: new Date() })
    .where(and(eq(contacts.workspaceId, workspaceId), inArray(contacts.id, ids)))
    .returning({ id: contacts.id, tagCount: sql<number>`cardinality(${contacts.tags})` });
  // Throwing rolls the route's transaction back, so no contact keeps the extra tags.
  if (rows.some((r) => Number(r.tagCount) > MAX_TAGS)) {
    throw new AppError(
      'validation_failed',
      `body.set.addTags: a contact would have more than ${MAX_TAGS} tags`,
      [{ field: 'body.set.addTags', message: `a contact would have more than ${MAX_TAGS} tags` }],
    );
  }
  if (set.tierId !== undefined) await refreshDueState({ db, workspaceId, scope: { contactIds: ids } });
  for (const row of rows) {
    await recordAudit({ ...options, action: 'update', entity: 'contact', entityId: row.id, changes: set });
  }
  return { updated: rows.length };
}
