import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../shared/errors.ts';
import { recordAudits } from '../audit/record-audit.ts';
import { insertNewContacts, type NewContact } from '../contacts/insert-new.ts';
import { type RecordedTouch, recordTouches } from '../interactions/record-touches.ts';
import { emailTouch } from '../mailboxes/email-item.ts';
import { contactsByAddress, findOwnAddresses, findTeamAddresses } from '../mailboxes/team-addresses.ts';
import type { DropboxOwner } from './dropbox.ts';
import { type DropboxPlan, planDropboxMessage, type ReadMessage } from './plan-message.ts';

/** What became of one message: logged (or already logged) with its contacts, or skipped with why. */
export type DropboxOutcome =
  | {
      status: 'logged' | 'duplicate';
      kind: DropboxPlan['kind'];
      touch: RecordedTouch;
      createdContactIds: string[];
    }
  | { status: 'skipped'; reason: string };

/** A new contact's name: the one the mail gives (the last word is the last name), else the local part. */
export function nameFor(
  email: string,
  displayName: string | undefined,
): { firstName: string; lastName: string } {
  const words = (displayName ?? '').replace(/["']/g, '').trim().split(/\s+/).filter(Boolean);
  if (words.length > 1) return { firstName: words.slice(0, -1).join(' '), lastName: words.at(-1) ?? '' };
  if (words.length === 1) return { firstName: words[0] ?? email, lastName: '' };
  const parts = (email.split('@')[0] ?? email).split(/[._-]+/).filter(Boolean);
  const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
  if (parts.length > 1)
    return { firstName: parts.slice(0, -1).map(cap).join(' '), lastName: cap(parts.at(-1) ?? '') };
  return { firstName: email.split('@')[0] ?? email, lastName: '' };
}

/**
 * Logs one message a dropbox received, in the caller's transaction, as its owner. Refuses (forbidden) a
 * message whose From is not the owner's login email or one of their mailbox addresses: nothing from
 * outside the workspace's users is ever logged. The team's addresses are left out of the correspondents;
 * one who is not a contact yet becomes one (source `dropbox`, owned by the owner): sending this mail to
 * the dropbox is the owner's choice to log it. Written through recordTouches with the Message-ID, so the
 * same mail from the dropbox twice, or from the dropbox and mailbox sync, is logged once.
 */
export async function logDropboxMessage(options: {
  db: Db;
  owner: DropboxOwner;
  read: ReadMessage;
  now: Date;
}): Promise<DropboxOutcome> {
  const { db, owner, read, now } = options;
  const ws = owner.workspaceId;
  // One message at a time per dropbox: an MTA delivers in parallel, and two messages to the same new
  // recipient must not both create them (the second would fail on contact_emails and be retried).
  await db.execute(
    sql`select 1 from dropboxes where workspace_id = ${ws}::uuid and user_id = ${owner.userId}::uuid for update`,
  );
  const own = await findOwnAddresses({ db, workspaceId: ws, userId: owner.userId });
  if (!read.outer.from.some((a) => own.has(a))) {
    throw new AppError('forbidden', "This dropbox takes mail only from its owner's own addresses");
  }
  const isDropbox = (address: string) => address.split('@')[0] === owner.token;
  const plan = planDropboxMessage({ read, own, isDropbox, now });
  const team = await findTeamAddresses({ db, workspaceId: ws });
  const people = [...new Set(plan.people)].filter((a) => !team.has(a));
  if (people.length === 0) return { status: 'skipped', reason: 'no correspondent outside the team' };

  const known = await contactsByAddress(db, ws, people);
  const created: NewContact[] = people
    .filter((email) => !known.has(email))
    .map((email) => ({
      id: randomUUID(),
      ...nameFor(email, plan.names.get(email)),
      title: null,
      linkedinUrl: null,
      companyId: null,
      ownerId: owner.userId,
      tierId: null,
      tags: [],
      phones: [],
      birthday: null,
      emails: [email],
    }));
  await insertNewContacts({ db, workspaceId: ws, contacts: created, source: 'dropbox', now });
  await recordAudits({
    db,
    entries: created.map((c) => ({
      workspaceId: ws,
      actorId: owner.userId,
      action: 'create' as const,
      entity: 'contact' as const,
      entityId: c.id,
      changes: { source: 'dropbox' },
    })),
  });
  const contactIds = [...new Set([...known.values(), ...created.map((c) => c.id)])];
  const fromStranger = plan.direction === 'in' && !people.some((a) => known.has(a));
  const [touch] = await recordTouches({
    db,
    workspaceId: ws,
    actorId: owner.userId,
    now,
    items: [
      emailTouch(
        {
          messageId: plan.messageId,
          inReplyTo: plan.inReplyTo,
          direction: plan.direction,
          occurredAt: plan.date,
          subject: plan.subject,
          snippet: plan.snippet,
          signals: {
            autoSubmitted: plan.signals.autoSubmitted,
            precedence: plan.signals.precedence,
            listId: plan.signals.listId,
            unsubscribeFromStranger: plan.signals.listUnsubscribe && fromStranger,
            internal: false,
          },
        },
        contactIds,
        'dropbox',
      ),
    ],
  });
  if (!touch) throw new Error('recordTouches returned nothing for one item');
  return {
    status: touch.duplicate ? 'duplicate' : 'logged',
    kind: plan.kind,
    touch,
    createdContactIds: created.map((c) => c.id),
  };
}
