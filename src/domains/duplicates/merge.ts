import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { recordAudits } from '../audit/record-audit.ts';
import { lockContacts, refreshDueState } from '../cadence/due-state.ts';
import { type ContactRecord, loadContacts } from '../contacts/load-contacts.ts';
import { contacts } from '../contacts/schema.ts';
import { refreshSearchText } from '../contacts/search-text.ts';
import { MAX_TAGS } from '../contacts/validators.ts';
import { type Actor, assertMayDelete } from '../workspaces/permissions.ts';
import { PHONE_DIGITS } from './find-duplicates.ts';
import { MERGE_PARTS } from './merge-parts.ts';

type Phone = { label: string | null; number: string };

/** A survivor's empty field the duplicate's value fills; a field the survivor has stays as it is. */
const FILLED = {
  lastName: 'last_name',
  title: 'title',
  companyId: 'company_id',
  ownerId: 'owner_id',
  tierId: 'tier_id',
  intervalDays: 'interval_days',
  source: 'source',
  birthday: 'birthday',
  linkedinUrl: 'linkedin_url',
} as const satisfies Record<string, keyof ContactRecord>;

/** A number's key as the duplicate finder matches it: its last PHONE_DIGITS digits, or as written. */
function phoneKey(number: string): string {
  const digits = number.replace(/\D/g, '');
  return digits.length >= 7 ? digits.slice(-PHONE_DIGITS) : number;
}

/** The survivor's phones, then the duplicate's that are not the same number written another way. */
export function mergePhones(kept: Phone[], merged: Phone[]): Phone[] {
  const seen = new Set(kept.map((p) => phoneKey(p.number)));
  const added = merged.filter((p) => {
    const key = phoneKey(p.number);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return [...kept, ...added];
}

/** What the survivor's row becomes: its own values, empty ones filled from the duplicate. */
function mergedFields(kept: ContactRecord, merged: ContactRecord) {
  const filled: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(FILLED)) {
    const own = kept[column];
    const theirs = merged[column];
    if ((own === null || own === '') && theirs !== null && theirs !== '') filled[field] = theirs;
  }
  if (kept.readiness === 0 && merged.readiness > 0) filled.readiness = merged.readiness;
  const phones = mergePhones(
    kept.phones.map((p) => ({ label: p.label ?? null, number: p.number })),
    merged.phones.map((p) => ({ label: p.label ?? null, number: p.number })),
  );
  const tags = [...new Set([...kept.tags, ...merged.tags])].slice(0, MAX_TAGS);
  return { filled, phones, tags };
}

/**
 * Merges the contact `duplicateId` into `id`, in the caller's one transaction: `id` keeps its own values and
 * gains what it lacked (empty fields, emails, phones, tags), every part of MERGE_PARTS moves what hangs off
 * the duplicate (interactions, next steps, facts, dismissals), the earliest creation date stays, and a
 * do-not-contact on either is kept. Then the duplicate is deleted (its id answers 404), the survivor's search
 * text and due state are recomputed and the merge is audited on both ids. Merging a contact away deletes it,
 * so a member may merge away only a contact they own (docs/permissions.md).
 */
export async function mergeContacts(
  options: { db: Db; workspaceId: string } & Actor & { id: string; duplicateId: string },
): Promise<{ moved: Record<string, number>; filled: string[] }> {
  const { db, workspaceId, id, duplicateId } = options;
  if (id === duplicateId) {
    throw new AppError('validation_failed', 'body.duplicateId: must be another contact', [
      { field: 'body.duplicateId', message: 'must be another contact' },
    ]);
  }
  // Lock both, in id order like every writer of the due state, before reading what to merge.
  const locked = await lockContacts({ db, workspaceId, scope: { contactIds: [id, duplicateId] } });
  if (!locked.has(id)) throw notFound('contact', id);
  if (!locked.has(duplicateId)) throw notFound('contact', duplicateId, 'body.duplicateId');
  const [kept, merged] = await loadContacts({ db, workspaceId, ids: [id, duplicateId] });
  if (!kept || !merged) throw notFound('contact', [id, duplicateId]);
  assertMayDelete({ ...options, ownerId: merged.owner_id, entity: 'contact' });

  const ws = sql`${workspaceId}::uuid`;
  // Emails keep their order: the survivor's first, then the duplicate's (an address is on one contact only).
  await db.execute(sql`
    update contact_emails set contact_id = ${id}::uuid,
      position = position + 1 + coalesce((select max(position) from contact_emails
        where workspace_id = ${ws} and contact_id = ${id}::uuid), -1)
    where workspace_id = ${ws} and contact_id = ${duplicateId}::uuid`);
  const moved: Record<string, number> = {};
  for (const part of MERGE_PARTS) {
    moved[part.name] = await part.moveToSurvivor({ tx: db, workspaceId, fromId: duplicateId, toId: id });
  }

  const { filled, phones, tags } = mergedFields(kept, merged);
  await db.delete(contacts).where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, duplicateId)));
  await db
    .update(contacts)
    .set({
      ...filled,
      phones,
      tags,
      doNotContact: kept.do_not_contact || merged.do_not_contact,
      createdAt: sql`least(${contacts.createdAt}, ${merged.created_at}::timestamptz)`,
      updatedAt: new Date(),
    })
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, id)));
  await refreshSearchText({ db, workspaceId, scope: { contactIds: [id] } });
  await refreshDueState({ db, workspaceId, scope: { contactIds: [id] } });

  const name = (c: ContactRecord) => `${c.first_name} ${c.last_name}`.trim();
  const filledFields = Object.keys(filled);
  await recordAudits({
    db,
    entries: [
      {
        workspaceId,
        actorId: options.actorId,
        action: 'merge',
        entity: 'contact',
        entityId: id,
        changes: { merged: { id: duplicateId, name: name(merged) }, filled: filledFields, moved },
      },
      {
        workspaceId,
        actorId: options.actorId,
        action: 'merge',
        entity: 'contact',
        entityId: duplicateId,
        changes: { into: { id, name: name(kept) } },
      },
    ],
  });
  return { moved, filled: filledFields };
}
