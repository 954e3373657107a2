import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { contacts } from '../contacts/schema.ts';
import type { Actor } from '../workspaces/permissions.ts';
import { apiTokens, users } from '../workspaces/schema.ts';
import { passwordResets } from './schema.ts';
import { endSessions } from './sessions.ts';
import type { UserPatchInput } from './validators.ts';

type Scope = { db: Db; workspaceId: string };
type Write = Scope & Actor;
type UserRow = typeof users.$inferSelect;

const forbidden = (message: string, field?: string) =>
  new AppError('forbidden', message, field ? [{ field, message }] : []);
const invalid = (field: string, message: string) =>
  new AppError('validation_failed', `${field}: ${message}`, [{ field, message }]);

/** Owners are changed only by owners, and only an owner makes an owner (docs/permissions.md). */
function assertMayChange(options: Write & { target: UserRow; input: UserPatchInput }): void {
  if (options.role === 'owner') return;
  if (options.target.role === 'owner') {
    throw forbidden(`Only an owner can change ${options.target.name}, who is an owner`);
  }
  if (options.input.role === 'owner') throw forbidden('Only an owner can make someone an owner', 'body.role');
}

/**
 * Refuses to take the last active owner away (demoted or deactivated). The owners' rows are locked first, so
 * two owners demoting each other at once cannot both succeed.
 */
async function assertAnotherOwner(options: Write & { target: UserRow }): Promise<void> {
  const owners = await options.db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.workspaceId, options.workspaceId), eq(users.role, 'owner'), eq(users.active, true)))
    .for('update');
  if (owners.some((o) => o.id !== options.target.id)) return;
  const who = options.target.id === options.actorId ? 'You are' : `${options.target.name} is`;
  throw new AppError(
    'conflict',
    `${who} the only owner of this workspace. Make someone else an owner first, then try again.`,
  );
}

/** The user who takes over a deactivated user's contacts: an active member, admin or owner, not them. */
async function reassignee(options: Scope & { target: UserRow; id: string }): Promise<UserRow> {
  const field = 'body.reassignTo';
  if (options.id === options.target.id) {
    throw invalid(field, 'must be someone other than the user being deactivated');
  }
  const [row] = await options.db
    .select()
    .from(users)
    .where(and(eq(users.workspaceId, options.workspaceId), eq(users.id, options.id)))
    .for('share');
  if (!row) throw notFound('User', options.id, field);
  if (!row.active) throw invalid(field, `${row.name} is deactivated too; choose an active user`);
  if (row.role === 'viewer') throw invalid(field, `${row.name} is a viewer and cannot look after contacts`);
  return row;
}

/**
 * Deactivates a user: they cannot sign in, their sessions end, their tokens and reset links are revoked,
 * and their contacts move to `reassignTo` (required when they own any).
 */
async function deactivate(options: Write & { target: UserRow; reassignTo?: string }): Promise<void> {
  const { db, workspaceId, target } = options;
  const mine = and(eq(contacts.workspaceId, workspaceId), eq(contacts.ownerId, target.id));
  const to = options.reassignTo ? await reassignee({ ...options, id: options.reassignTo }) : null;
  // updateUser locked the user's row before this counts their contacts: a contact given to them meanwhile
  // (contacts/references.ts reads its owner FOR SHARE) waits for this transaction and is then refused.
  await db
    .update(users)
    .set({ active: false, updatedAt: new Date() })
    .where(and(eq(users.workspaceId, workspaceId), eq(users.id, target.id)));
  const owned = await db.$count(contacts, mine);
  if (owned && !to) {
    throw invalid(
      'body.reassignTo',
      `${target.name} owns ${owned === 1 ? '1 contact' : `${owned} contacts`}: choose who takes them over`,
    );
  }
  const moved = to
    ? await db
        .update(contacts)
        .set({ ownerId: to.id, updatedAt: new Date() })
        .where(mine)
        .returning({ id: contacts.id })
    : [];
  const sessionsEnded = await endSessions({ db, workspaceId, userId: target.id, keepId: null });
  const tokens = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(apiTokens.workspaceId, workspaceId),
        eq(apiTokens.userId, target.id),
        isNull(apiTokens.revokedAt),
      ),
    )
    .returning({ id: apiTokens.id });
  await db
    .delete(passwordResets)
    .where(
      and(
        eq(passwordResets.workspaceId, workspaceId),
        eq(passwordResets.userId, target.id),
        isNull(passwordResets.usedAt),
      ),
    );
  await recordAudit({
    ...options,
    action: 'deactivate',
    entity: 'user',
    entityId: target.id,
    changes: {
      contactsReassigned: moved.length,
      reassignTo: to ? { id: to.id, name: to.name } : null,
      sessionsEnded,
      tokensRevoked: tokens.length,
    },
  });
}

/**
 * Changes a user's role and whether they are active (an admin's or owner's action). Owners are changed only
 * by owners, the last owner stays, and a deactivated user's contacts go to `reassignTo`.
 */
export async function updateUser(options: Write & { id: string; input: UserPatchInput }): Promise<UserRow> {
  const { db, workspaceId, input } = options;
  const where = and(eq(users.workspaceId, workspaceId), eq(users.id, options.id));
  const [target] = await db.select().from(users).where(where).for('update');
  if (!target) throw notFound('User', options.id);
  if (input.reassignTo && input.active !== false) {
    throw invalid('body.reassignTo', 'is only for deactivating a user (active: false)');
  }
  assertMayChange({ ...options, target, input });
  const isDemoted = input.role !== undefined && input.role !== 'owner';
  const isLeaving = input.active === false && target.active;
  if (target.role === 'owner' && target.active && (isDemoted || isLeaving)) {
    await assertAnotherOwner({ ...options, target });
  }
  if (input.role !== undefined && input.role !== target.role) {
    await db.update(users).set({ role: input.role, updatedAt: new Date() }).where(where);
    await recordAudit({
      ...options,
      action: 'role_change',
      entity: 'user',
      entityId: target.id,
      changes: { from: target.role, to: input.role },
    });
  }
  if (isLeaving) await deactivate({ ...options, target, reassignTo: input.reassignTo });
  if (input.active === true && !target.active) {
    await db.update(users).set({ active: true, updatedAt: new Date() }).where(where);
    await recordAudit({ ...options, action: 'reactivate', entity: 'user', entityId: target.id });
  }
  const [row] = await db.select().from(users).where(where);
  if (!row) throw notFound('User', options.id);
  return row;
}
