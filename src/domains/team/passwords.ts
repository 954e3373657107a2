import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { openSession } from '../workspaces/auth.ts';
import type { Actor } from '../workspaces/permissions.ts';
import { users } from '../workspaces/schema.ts';
import { hashPassword, verifyPassword } from '../workspaces/secrets.ts';
import { expiryAfter, invalidLink, newLinkToken, parseLinkToken } from './link-tokens.ts';
import { passwordResets } from './schema.ts';
import { endSessions } from './sessions.ts';

export const RESET_HOURS = 24;

type Scope = { db: Db; workspaceId: string };

/** Changes the caller's own password, checking the current one; their other sessions end. */
export async function changePassword(
  options: Scope & { actorId: string; currentSessionId: string | null; current: string; next: string },
): Promise<{ otherSessionsEnded: number }> {
  const { db, workspaceId, actorId } = options;
  const [user] = await db
    .select({ hash: users.passwordHash })
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), eq(users.id, actorId)));
  if (!user || !(await verifyPassword(user.hash, options.current))) {
    throw new AppError('validation_failed', 'Your current password is not right', [
      { field: 'body.current', message: 'is not your current password' },
    ]);
  }
  if (options.next === options.current) {
    throw new AppError('validation_failed', 'Choose a new password that differs from the current one', [
      { field: 'body.next', message: 'is the same as your current password' },
    ]);
  }
  await db
    .update(users)
    .set({ passwordHash: await hashPassword(options.next), updatedAt: new Date() })
    .where(and(eq(users.workspaceId, workspaceId), eq(users.id, actorId)));
  const otherSessionsEnded = await endSessions({
    db,
    workspaceId,
    userId: actorId,
    keepId: options.currentSessionId,
  });
  await recordAudit({
    ...options,
    action: 'password_change',
    entity: 'user',
    entityId: actorId,
    changes: { otherSessionsEnded },
  });
  return { otherSessionsEnded };
}

/**
 * Makes a one-time link for a user to choose a new password (an admin's, for someone who forgot theirs);
 * it replaces any earlier unused link of theirs. Only an owner may do this for an owner, as the link signs
 * its holder in.
 */
export async function createPasswordReset(
  options: Scope & Actor & { userId: string },
): Promise<{ token: string; expiresAt: Date }> {
  const { db, workspaceId } = options;
  const [user] = await db
    .select({ role: users.role, active: users.active, name: users.name })
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), eq(users.id, options.userId)));
  if (!user) throw notFound('User', options.userId);
  if (user.role === 'owner' && options.role !== 'owner') {
    throw new AppError('forbidden', `Only an owner can reset the password of ${user.name}, an owner`);
  }
  if (!user.active) {
    throw new AppError(
      'conflict',
      `${user.name} is deactivated; reactivate them before resetting their password`,
    );
  }
  const mine = and(eq(passwordResets.workspaceId, workspaceId), eq(passwordResets.userId, options.userId));
  await db.delete(passwordResets).where(and(mine, isNull(passwordResets.usedAt)));
  const { token, tokenHash } = newLinkToken(workspaceId);
  const expiresAt = expiryAfter(RESET_HOURS / 24);
  await db
    .insert(passwordResets)
    .values({ workspaceId, userId: options.userId, tokenHash, createdBy: options.actorId, expiresAt });
  await recordAudit({ ...options, action: 'password_reset_link', entity: 'user', entityId: options.userId });
  return { token, expiresAt };
}

/**
 * Sets a new password through a reset link, once; every session of the user ends and a new one opens here.
 */
export async function resetPassword(options: {
  db: Db;
  token: string;
  password: string;
}): Promise<{ workspaceId: string; userId: string; cookie: string; expiresAt: Date }> {
  const { db } = options;
  const { workspaceId, tokenHash } = parseLinkToken(options.token, 'password reset');
  const [found] = await db
    .select({ reset: passwordResets, active: users.active })
    .from(passwordResets)
    .innerJoin(
      users,
      and(eq(users.workspaceId, passwordResets.workspaceId), eq(users.id, passwordResets.userId)),
    )
    .where(and(eq(passwordResets.workspaceId, workspaceId), eq(passwordResets.tokenHash, tokenHash)))
    .for('update', { of: passwordResets });
  const reset = found?.reset;
  if (!reset) throw invalidLink('This password reset link is not valid; ask an admin for a new one');
  if (reset.usedAt)
    throw invalidLink('This password reset link has already been used; ask an admin for a new one');
  if (reset.expiresAt <= new Date())
    throw invalidLink('This password reset link has expired; ask an admin for a new one');
  if (!found.active) throw invalidLink('This account is deactivated; ask an admin to reactivate it');
  const userId = reset.userId;
  await db
    .update(users)
    .set({ passwordHash: await hashPassword(options.password), updatedAt: new Date() })
    .where(and(eq(users.workspaceId, workspaceId), eq(users.id, userId)));
  await db
    .update(passwordResets)
    .set({ usedAt: new Date() })
    .where(and(eq(passwordResets.workspaceId, workspaceId), eq(passwordResets.id, reset.id)));
  const sessionsEnded = await endSessions({ db, workspaceId, userId, keepId: null });
  await recordAudit({
    db,
    workspaceId,
    actorId: userId,
    action: 'password_reset',
    entity: 'user',
    entityId: userId,
    changes: { sessionsEnded },
  });
  return { workspaceId, userId, ...(await openSession({ db, workspaceId, userId })) };
}
