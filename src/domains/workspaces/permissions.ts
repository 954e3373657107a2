import { AppError } from '../../shared/errors.ts';
import type { Role } from './schema.ts';

/** Who is acting, as the permission checks need it. */
export type Actor = { actorId: string; role: Role };

/** Whether a role runs the workspace: admins and owners (docs/permissions.md). */
export function hasAdminRights(role: Role): boolean {
  return role === 'admin' || role === 'owner';
}

/**
 * Refuses a member deleting what is not theirs (docs/permissions.md): admins and owners may delete anything
 * in the workspace, a member only what they own or wrote (`ownerId`), and a viewer nothing (the route's auth
 * level already stops them).
 */
export function assertMayDelete(options: Actor & { ownerId: string | null; entity: string }): void {
  if (hasAdminRights(options.role)) return;
  if (options.role === 'member' && options.ownerId === options.actorId) return;
  throw new AppError(
    'forbidden',
    `Members can delete only a ${options.entity} of their own; ask its owner or an admin`,
  );
}
