import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { openSession } from '../workspaces/auth.ts';
import type { Actor } from '../workspaces/permissions.ts';
import { type Role, users, workspaces } from '../workspaces/schema.ts';
import { hashPassword } from '../workspaces/secrets.ts';
import { expiryAfter, invalidLink, newLinkToken, parseLinkToken } from './link-tokens.ts';
import { invites } from './schema.ts';
import type { InviteInput } from './validators.ts';

export const INVITE_DAYS = 7;

type Scope = { db: Db; workspaceId: string };
export type InviteRow = typeof invites.$inferSelect;

const isPending = () =>
  and(isNull(invites.acceptedAt), isNull(invites.revokedAt), gt(invites.expiresAt, sql`now()`));

/** Refuses an invitation for someone who is already a user of the workspace, naming body.email. */
async function assertNotAUser(options: Scope & { email: string }): Promise<void> {
  const [user] = await options.db
    .select({ active: users.active })
    .from(users)
    .where(and(eq(users.workspaceId, options.workspaceId), eq(sql`lower(${users.email})`, options.email)));
  if (!user) return;
  const message = user.active
    ? `${options.email} is already in this workspace`
    : `${options.email} was deactivated; reactivate them under Team instead of inviting them`;
  // The field's message is a predicate, as a form puts the field's name in front of it.
  const predicate = user.active
    ? 'belongs to someone already in this workspace'
    : 'belongs to a deactivated user: reactivate them under Team instead';
  throw new AppError('conflict', message, [{ field: 'body.email', message: predicate }]);
}

/**
 * Invites someone by email with a role; a new invitation to the same email replaces a pending one. Returns
 * the row and the link's token, which exists only here. Only an owner may invite an owner.
 */
export async function createInvite(
  options: Scope & Actor & { input: InviteInput },
): Promise<{ row: InviteRow; token: string }> {
  const { db, workspaceId, input } = options;
  if (input.role === 'owner' && options.role !== 'owner') {
    throw new AppError('forbidden', 'Only an owner can invite another owner', [
      { field: 'body.role', message: 'only an owner can invite an owner' },
    ]);
  }
  await assertNotAUser({ db, workspaceId, email: input.email });
  const replaced = await db
    .update(invites)
    .set({ revokedAt: new Date() })
    .where(and(eq(invites.workspaceId, workspaceId), eq(invites.email, input.email), isPending()))
    .returning({ id: invites.id });
  const { token, tokenHash } = newLinkToken(workspaceId);
  const [row] = await db
    .insert(invites)
    .values({
      workspaceId,
      email: input.email,
      role: input.role,
      tokenHash,
      invitedBy: options.actorId,
      expiresAt: expiryAfter(INVITE_DAYS),
    })
    .returning();
  if (!row) throw new Error('invite insert returned nothing');
  await recordAudit({
    ...options,
    action: 'create',
    entity: 'invite',
    entityId: row.id,
    changes: { email: row.email, role: row.role, ...(replaced.length ? { replaced: replaced.length } : {}) },
  });
  return { row, token };
}

/** The pending invitations, newest first, with who sent each. */
export async function findInvites(options: Scope): Promise<(InviteRow & { invitedByName: string })[]> {
  const rows = await options.db
    .select({ invite: invites, invitedByName: users.name })
    .from(invites)
    .innerJoin(users, and(eq(users.workspaceId, invites.workspaceId), eq(users.id, invites.invitedBy)))
    .where(and(eq(invites.workspaceId, options.workspaceId), isPending()))
    .orderBy(desc(invites.createdAt), desc(invites.id))
    .limit(1000);
  return rows.map((r) => ({ ...r.invite, invitedByName: r.invitedByName }));
}

/** Revokes a pending invitation: its link stops working. */
export async function revokeInvite(options: Scope & { actorId: string; id: string }): Promise<void> {
  const [row] = await options.db
    .update(invites)
    .set({ revokedAt: new Date() })
    .where(and(eq(invites.workspaceId, options.workspaceId), eq(invites.id, options.id), isPending()))
    .returning({ id: invites.id, email: invites.email });
  if (!row) throw notFound('Pending invitation', options.id);
  await recordAudit({
    ...options,
    action: 'revoke',
    entity: 'invite',
    entityId: row.id,
    changes: { email: row.email },
  });
}

/** The invitation behind a link, locked, if it can still be accepted; else a 400 naming body.token. */
async function usableInvite(options: {
  db: Db;
  token: string;
}): Promise<InviteRow & { workspaceName: string }> {
  const { workspaceId, tokenHash } = parseLinkToken(options.token, 'invitation');
  const [found] = await options.db
    .select({ invite: invites, workspaceName: workspaces.name })
    .from(invites)
    .innerJoin(workspaces, eq(workspaces.id, invites.workspaceId))
    .where(and(eq(invites.workspaceId, workspaceId), eq(invites.tokenHash, tokenHash)))
    .for('update', { of: invites });
  const invite = found?.invite;
  if (!invite) throw invalidLink('This invitation link is not valid; check that it was copied whole');
  if (invite.acceptedAt) throw invalidLink('This invitation has already been used; sign in instead');
  if (invite.revokedAt) throw invalidLink('This invitation was withdrawn; ask an admin for a new one');
  if (invite.expiresAt <= new Date())
    throw invalidLink('This invitation has expired; ask an admin for a new one');
  return { ...invite, workspaceName: found.workspaceName };
}

/** What an invitation link offers (email, role, workspace), for the page that accepts it. */
export async function previewInvite(options: { db: Db; token: string }) {
  return usableInvite(options);
}

/**
 * Accepts an invitation: creates the user with the invited email and role and opens their session. A link
 * works once.
 */
export async function acceptInvite(options: {
  db: Db;
  token: string;
  name: string;
  password: string;
}): Promise<{ userId: string; workspaceId: string; role: Role; cookie: string; expiresAt: Date }> {
  const { db } = options;
  const invite = await usableInvite(options);
  const { workspaceId } = invite;
  const [clash] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), eq(sql`lower(${users.email})`, invite.email)));
  if (clash) throw invalidLink(`${invite.email} already has an account here; sign in instead`);
  const [user] = await db
    .insert(users)
    .values({
      workspaceId,
      email: invite.email,
      name: options.name,
      passwordHash: await hashPassword(options.password),
      role: invite.role,
    })
    .returning({ id: users.id });
  if (!user) throw new Error('user insert returned nothing');
  await db
    .update(invites)
    .set({ acceptedAt: new Date(), acceptedBy: user.id })
    .where(and(eq(invites.workspaceId, workspaceId), eq(invites.id, invite.id)));
  await recordAudit({
    db,
    workspaceId,
    actorId: user.id,
    action: 'accept',
    entity: 'invite',
    entityId: invite.id,
    changes: { userId: user.id, email: invite.email, role: invite.role },
  });
  const session = await openSession({ db, workspaceId, userId: user.id });
  return { userId: user.id, workspaceId, role: invite.role, ...session };
}
