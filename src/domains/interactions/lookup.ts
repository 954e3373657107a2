import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../shared/errors.ts';
import { contacts } from '../contacts/schema.ts';
import { interactionContacts, interactions } from './schema.ts';

export type ContactRef = { id: string; name: string; tierId: string | null };

/** The display name of a contact, as every list in this domain shows it. */
export const contactName = sql<string>`trim(${contacts.firstName} || ' ' || ${contacts.lastName})`;

/**
 * Loads the given contacts of the workspace, or throws not_found naming `field` when any is missing.
 * A contact of another workspace reads exactly like one that does not exist.
 */
export async function requireContacts(options: {
  db: Db;
  workspaceId: string;
  ids: readonly string[];
  field: string;
}): Promise<ContactRef[]> {
  const ids = [...new Set(options.ids)];
  if (ids.length === 0) return [];
  const rows = await options.db
    .select({ id: contacts.id, name: contactName, tierId: contacts.tierId })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, options.workspaceId), inArray(contacts.id, ids)));
  const found = new Set(rows.map((r) => r.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) throw notFound('Contact', missing, options.field);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)!);
}

/** A contact as an interaction lists it. */
export type Participant = { id: string; name: string };

/** The participants of many interactions in one query, by interaction id, ordered by name. */
export async function loadParticipants(options: {
  db: Db;
  workspaceId: string;
  interactionIds: string[];
}): Promise<Map<string, Participant[]>> {
  const result = new Map<string, Participant[]>();
  if (options.interactionIds.length === 0) return result;
  const rows = await options.db
    .select({ interactionId: interactionContacts.interactionId, id: contacts.id, name: contactName })
    .from(interactionContacts)
    .innerJoin(
      contacts,
      and(
        eq(contacts.workspaceId, interactionContacts.workspaceId),
        eq(contacts.id, interactionContacts.contactId),
      ),
    )
    .where(
      and(
        eq(interactionContacts.workspaceId, options.workspaceId),
        inArray(interactionContacts.interactionId, options.interactionIds),
      ),
    )
    .orderBy(contactName, contacts.id);
  for (const row of rows) {
    const list = result.get(row.interactionId) ?? [];
    list.push({ id: row.id, name: row.name });
    result.set(row.interactionId, list);
  }
  return result;
}

/**
 * For replies, the interaction each one answers, when Kith has it: by interaction id, the id of the one whose
 * Message-ID the reply's In-Reply-To names.
 */
export async function loadReplyTargets(options: {
  db: Db;
  workspaceId: string;
  rows: { id: string; inReplyTo: string | null }[];
}): Promise<Map<string, string>> {
  const replies = options.rows.filter((r) => r.inReplyTo !== null);
  if (replies.length === 0) return new Map();
  const targets = await options.db
    .select({ id: interactions.id, messageId: interactions.messageId })
    .from(interactions)
    .where(
      and(
        eq(interactions.workspaceId, options.workspaceId),
        inArray(
          interactions.messageId,
          replies.map((r) => r.inReplyTo!),
        ),
      ),
    );
  const byMessage = new Map(targets.map((t) => [t.messageId, t.id]));
  return new Map(
    replies.flatMap((r) => {
      const target = byMessage.get(r.inReplyTo);
      return target ? [[r.id, target] as const] : [];
    }),
  );
}

/** A contact's stored due state. */
export type DueStateRow = {
  id: string;
  lastTouchAt: Date | null;
  nextDueOn: string | null;
  dueReason: (typeof contacts.$inferSelect)['dueReason'];
};

/** Reads the stored due state of contacts (after refreshDueState), in the order of `ids`. */
export async function readDueStates(options: {
  db: Db;
  workspaceId: string;
  ids: string[];
}): Promise<DueStateRow[]> {
  if (options.ids.length === 0) return [];
  const rows = await options.db
    .select({
      id: contacts.id,
      lastTouchAt: contacts.lastTouchAt,
      nextDueOn: contacts.nextDueOn,
      dueReason: contacts.dueReason,
    })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, options.workspaceId), inArray(contacts.id, options.ids)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return options.ids.flatMap((id) => byId.get(id) ?? []);
}
