import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { refreshDueState } from '../cadence/due-state.ts';
import { contactEmails, contacts } from './schema.ts';
import { refreshSearchText } from './search-text.ts';

type ContactRow = typeof contacts.$inferInsert;

/** Inserts a contact straight into the store (with one email) and computes its search text and due state; for tests. */
export async function buildContact(
  db: Db,
  workspaceId: string,
  overrides: Partial<Omit<ContactRow, 'workspaceId'>> & { email?: string | null } = {},
) {
  const { email, ...row } = overrides;
  const suffix = randomBytes(4).toString('hex');
  const [contact] = await db
    .insert(contacts)
    .values({ firstName: 'Test', lastName: `Person ${suffix}`, ...row, workspaceId })
    .returning();
  if (!contact) throw new Error('contact insert returned nothing');
  if (email !== null) {
    await db
      .insert(contactEmails)
      .values({ workspaceId, contactId: contact.id, email: email ?? `person-${suffix}@example.test` });
  }
  await refreshSearchText({ db, workspaceId, scope: { contactIds: [contact.id] } });
  await refreshDueState({ db, workspaceId, scope: { contactIds: [contact.id] } });
  const [fresh] = await db.select().from(contacts).where(eq(contacts.id, contact.id));
  return fresh ?? contact;
}
