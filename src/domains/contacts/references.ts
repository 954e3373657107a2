import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { requireIds } from '../../db/require-ids.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { tiers } from '../cadence/schema.ts';
import { companies } from '../companies/schema.ts';
import { users } from '../workspaces/schema.ts';
import { contactEmails, contacts } from './schema.ts';

type Scope = { db: Db; workspaceId: string };

/** Throws not_found naming `field` when any of the ids is not a contact of the workspace. */
export async function assertContactsExist(options: Scope & { ids: readonly string[]; field: string }) {
  await requireIds({ ...options, table: contacts, entity: 'Contact', ids: options.ids });
}

/** The ids a contact points at; each must belong to the workspace. */
export type ContactRefs = { companyId?: string | null; tierId?: string | null; ownerId?: string | null };

/**
 * Throws not_found naming `<prefix>.companyId`, `.tierId` or `.ownerId` for a reference that is unknown
 * or belongs to another workspace, so the foreign keys never fail with a 500.
 */
export async function assertRefsExist(options: Scope & { refs: ContactRefs; prefix: string }) {
  const { db, workspaceId, refs, prefix } = options;
  await requireIds({
    ...options,
    table: companies,
    ids: [refs.companyId],
    entity: 'Company',
    field: `${prefix}.companyId`,
  });
  await requireIds({
    ...options,
    table: tiers,
    ids: [refs.tierId],
    entity: 'Tier',
    field: `${prefix}.tierId`,
  });
  if (refs.ownerId) {
    // FOR SHARE: a deactivation of this user, which moves their contacts away, waits for this write or
    // this write waits for it and sees them deactivated (team/update-user.ts).
    const [row] = await db
      .select({ id: users.id, name: users.name, active: users.active })
      .from(users)
      .where(and(eq(users.workspaceId, workspaceId), eq(users.id, refs.ownerId)))
      .for('share');
    if (!row) throw notFound('User', refs.ownerId, `${prefix}.ownerId`);
    if (!row.active) {
      const field = `${prefix}.ownerId`;
      const message = `${row.name} is deactivated; choose an active user`;
      throw new AppError('validation_failed', `${field}: ${message}`, [{ field, message }]);
    }
  }
}

/**
 * Throws conflict naming `body.emails.N` for an address another contact of the workspace already has
 * (compared case-insensitively, on the unique index contact_emails_email_key).
 */
export async function assertEmailsFree(options: Scope & { emails: string[]; exceptContactId?: string }) {
  if (options.emails.length === 0) return;
  const lowered = options.emails.map((e) => e.toLowerCase());
  const taken = await options.db
    .select({
      email: sql<string>`lower(${contactEmails.email})`,
      id: contacts.id,
      name: sql<string>`trim(${contacts.firstName} || ' ' || ${contacts.lastName})`,
    })
    .from(contactEmails)
    .innerJoin(
      contacts,
      and(eq(contacts.workspaceId, contactEmails.workspaceId), eq(contacts.id, contactEmails.contactId)),
    )
    .where(
      and(
        eq(contactEmails.workspaceId, options.workspaceId),
        inArray(sql`lower(${contactEmails.email})`, lowered),
        options.exceptContactId ? ne(contactEmails.contactId, options.exceptContactId) : undefined,
      ),
    );
  if (taken.length === 0) return;
  const owners = new Map(taken.map((t) => [t.email, t]));
  // Each taken address names the contact that has it, so the form can link to them.
  const fields = lowered.flatMap((email, i) => {
    const owner = owners.get(email);
    return owner
      ? [
          {
            field: `body.emails.${i}`,
            message: `already belongs to ${owner.name}`,
            related: { type: 'contact' as const, id: owner.id, name: owner.name },
          },
        ]
      : [];
  });
  const first = owners.get(lowered[Number(fields[0]!.field.split('.')[2])]!)!;
  throw new AppError('conflict', `The email ${first.email} already belongs to ${first.name}`, fields);
}

/** Replaces a contact's email list, keeping the given order. */
export async function replaceEmails(options: Scope & { contactId: string; emails: string[] }) {
  await options.db
    .delete(contactEmails)
    .where(
      and(eq(contactEmails.workspaceId, options.workspaceId), eq(contactEmails.contactId, options.contactId)),
    );
  if (options.emails.length === 0) return;
  await options.db.insert(contactEmails).values(
    options.emails.map((email, position) => ({
      workspaceId: options.workspaceId,
      contactId: options.contactId,
      email,
      position,
    })),
  );
}
