import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../shared/errors.ts';
import { contacts } from '../contacts/schema.ts';

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
  if (missing.length > 0) {
    const noun = missing.length === 1 ? 'Contact' : 'Contacts';
    throw new AppError('not_found', `${noun} ${missing.join(', ')} not found in this workspace`, [
      { field: options.field, message: `not found: ${missing.join(', ')}` },
    ]);
  }
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)!);
}
