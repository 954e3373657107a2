import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { ContactRecord } from '../contacts/load-contacts.ts';
import { createContact, getContact } from '../contacts/service.ts';
import { recordTouches } from '../interactions/record-touches.ts';
import { emailTouch } from '../mailboxes/email-item.ts';
import { mailboxes } from '../mailboxes/schema.ts';
import { lockAddresses } from './record.ts';
import { suggestedContacts, suggestedMessages } from './schema.ts';

export type SuggestionRow = typeof suggestedContacts.$inferSelect;

type Mine = { db: Db; workspaceId: string; actorId: string };

/** Whether the suggestion's address is a contact's now (accepted elsewhere, added by hand, imported). */
const isContact = sql`exists (select 1 from contact_emails ce
  where ce.workspace_id = ${suggestedContacts.workspaceId} and lower(ce.email) = ${suggestedContacts.email})`;

/**
 * The caller's open suggestions: two-way correspondents first (they wrote and were written to), then the
 * most frequent, then the most recent. Addresses that have become contacts meanwhile are left out.
 */
export async function findSuggestions(
  options: Mine & { limit: number; offset: number },
): Promise<{ rows: SuggestionRow[]; total: number }> {
  const where = and(
    eq(suggestedContacts.workspaceId, options.workspaceId),
    eq(suggestedContacts.userId, options.actorId),
    eq(suggestedContacts.status, 'open'),
    sql`not ${isContact}`,
  );
  const rows = await options.db
    .select()
    .from(suggestedContacts)
    .where(where)
    .orderBy(
      sql`(${suggestedContacts.inboundCount} > 0 and ${suggestedContacts.outboundCount} > 0) desc`,
      sql`${suggestedContacts.inboundCount} + ${suggestedContacts.outboundCount} desc`,
      sql`${suggestedContacts.lastSeenAt} desc`,
      suggestedContacts.id,
    )
    .limit(options.limit)
    .offset(options.offset);
  const [count] = await options.db
    .select({ n: sql<number>`count(*)::int` })
    .from(suggestedContacts)
    .where(where);
  return { rows, total: count?.n ?? 0 };
}

/** One of the caller's suggestions, or a 404. */
export async function getSuggestion(options: Mine & { id: string }): Promise<SuggestionRow> {
  const [row] = await options.db
    .select()
    .from(suggestedContacts)
    .where(
      and(
        eq(suggestedContacts.workspaceId, options.workspaceId),
        eq(suggestedContacts.id, options.id),
        eq(suggestedContacts.userId, options.actorId),
      ),
    )
    .for('update');
  if (!row) throw notFound('Suggested contact', options.id);
  return row;
}

/** A name for a new contact from a display name ("Ada Lovelace", "Lovelace, Ada"), else the address. */
export function nameOf(row: { name: string | null; email: string }): { firstName: string; lastName: string } {
  const name = row.name?.replace(/["']/g, '').trim();
  if (name && !name.includes('@')) {
    const [last, first] = name.includes(',') ? name.split(',', 2).map((p) => p.trim()) : [];
    if (first && last) return { firstName: first, lastName: last };
    const parts = name.split(/\s+/);
    return { firstName: parts[0]!, lastName: parts.slice(1).join(' ') };
  }
  const local = row.email.slice(0, row.email.indexOf('@'));
  const parts = local.split(/[._-]+/).filter(Boolean);
  const cap = (p: string) => p.charAt(0).toUpperCase() + p.slice(1);
  return { firstName: cap(parts[0] ?? local), lastName: parts.slice(1).map(cap).join(' ') };
}

/**
 * Accepts a suggestion: creates the contact (owned by the caller, source `mailbox`), then logs every message
 * any user's suggestion of this address was seen in, through the one touch path. A message logged already
 * (it had a known contact on it) gains the new contact. Every suggestion of the address is then accepted.
 */
export async function acceptSuggestion(
  options: Mine & { id: string; input: { firstName?: string; lastName?: string; tierId?: string | null } },
): Promise<ContactRecord> {
  const { db, workspaceId, actorId } = options;
  // The address first, then the row: a sync batch recording this address holds it shared and then updates
  // its user's suggestion row, so locking the row first could close a cycle with it.
  const [target] = await db
    .select({ email: suggestedContacts.email })
    .from(suggestedContacts)
    .where(
      and(
        eq(suggestedContacts.workspaceId, workspaceId),
        eq(suggestedContacts.id, options.id),
        eq(suggestedContacts.userId, actorId),
      ),
    );
  if (target) await lockAddresses({ db, workspaceId, emails: [target.email], exclusive: true });
  const row = await getSuggestion(options);
  if (row.status === 'accepted' && row.contactId) return getContact({ db, workspaceId, id: row.contactId });
  const named = nameOf(row);
  const contact = await createContact({
    db,
    workspaceId,
    actorId,
    input: {
      firstName: options.input.firstName ?? named.firstName,
      lastName: options.input.lastName ?? named.lastName,
      tierId: options.input.tierId,
      emails: [row.email],
      source: 'mailbox',
    },
  });
  const same = await db
    .select()
    .from(suggestedContacts)
    .where(and(eq(suggestedContacts.workspaceId, workspaceId), eq(suggestedContacts.email, row.email)));
  for (const suggestion of same) {
    const messages = await db
      .select({ message: suggestedMessages.message })
      .from(suggestedMessages)
      .where(
        and(
          eq(suggestedMessages.workspaceId, workspaceId),
          eq(suggestedMessages.suggestionId, suggestion.id),
        ),
      );
    const items = messages.map(({ message: m }) =>
      emailTouch({ ...m, occurredAt: new Date(m.occurredAt) }, [contact.id]),
    );
    await recordTouches({ db, workspaceId, actorId: suggestion.userId, items });
  }
  await db
    .update(suggestedContacts)
    .set({ status: 'accepted', contactId: contact.id, updatedAt: new Date() })
    .where(and(eq(suggestedContacts.workspaceId, workspaceId), eq(suggestedContacts.email, row.email)));
  await db.delete(suggestedMessages).where(
    and(
      eq(suggestedMessages.workspaceId, workspaceId),
      inArray(
        suggestedMessages.suggestionId,
        same.map((s) => s.id),
      ),
    ),
  );
  return getContact({ db, workspaceId, id: contact.id });
}

const domainOf = (email: string) => email.slice(email.indexOf('@') + 1);

/**
 * Ignores a suggestion, or with `domain` every one of the caller's suggestions at its domain, which also goes
 * on the ignore list of each of the caller's mailboxes (never logged or suggested again). `restore` undoes
 * either. Answers the suggestions changed.
 */
export async function ignoreSuggestion(
  options: Mine & { id: string; domain: boolean; restore?: boolean },
): Promise<SuggestionRow[]> {
  const { db, workspaceId, actorId } = options;
  const row = await getSuggestion(options);
  if (row.status === 'accepted') {
    const message = 'was accepted already: it is a contact';
    throw new AppError('conflict', `Suggested contact ${row.id} ${message}`, [
      { field: 'params.id', message },
    ]);
  }
  const domain = domainOf(row.email);
  const mine = and(eq(suggestedContacts.workspaceId, workspaceId), eq(suggestedContacts.userId, actorId));
  const which = options.domain
    ? and(mine, sql`${suggestedContacts.email} like ${`%@${domain.replace(/[\\%_]/g, '\\$&')}`}`)
    : and(mine, eq(suggestedContacts.id, row.id));
  const changed = await db
    .update(suggestedContacts)
    .set({ status: options.restore ? 'open' : 'ignored', updatedAt: new Date() })
    .where(and(which, eq(suggestedContacts.status, options.restore ? 'ignored' : 'open')))
    .returning();
  if (options.domain) {
    await db
      .update(mailboxes)
      .set({
        ignore: options.restore
          ? sql`array_remove(${mailboxes.ignore}, ${domain})`
          : sql`case when ${domain} = any(${mailboxes.ignore}) then ${mailboxes.ignore}
              else array_append(${mailboxes.ignore}, ${domain}) end`,
      })
      .where(and(eq(mailboxes.workspaceId, workspaceId), eq(mailboxes.userId, actorId)));
  }
  await recordAudit({
    db,
    workspaceId,
    actorId,
    action: options.restore ? 'undo' : 'ignore',
    entity: 'suggested_contact',
    entityId: row.id,
    changes: options.domain ? { domain, count: changed.length } : { email: row.email },
  });
  return changed;
}
