import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { users, workspaces } from '../domains/workspaces/schema.ts';
import { AppError } from '../shared/errors.ts';

/** A user id no user has: reads as nobody in particular. */
export const NO_USER = '00000000-0000-0000-0000-000000000000';

export type CliWorkspace = { id: string; name: string; actorId: string | null };

/**
 * The workspace a command works in: the one named by --workspace, else the only one in the store.
 * Its actor is the first owner, since the CLI speaks for whoever has the machine.
 */
export async function resolveWorkspace(options: { db: Db; name?: string }): Promise<CliWorkspace> {
  const { db, name } = options;
  const rows = await db
    .select({ id: workspaces.id, name: workspaces.name })
    .from(workspaces)
    .where(name ? eq(sql`lower(${workspaces.name})`, name.toLowerCase()) : undefined)
    .orderBy(asc(workspaces.createdAt))
    .limit(name ? 1 : 50);
  const [first] = rows;
  if (!first) {
    throw new AppError(
      'not_found',
      name
        ? `--workspace: no workspace is named "${name}"`
        : 'The store has no workspace yet: run `kith seed demo` or `kith admin create-user --email … --password … --role owner --workspace NAME`',
    );
  }
  if (rows.length > 1) {
    const names = rows.map((r) => `"${r.name}"`).join(', ');
    throw new AppError(
      'validation_failed',
      `--workspace: the store has several workspaces (${names}); name one`,
    );
  }
  const [owner] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.workspaceId, first.id), eq(users.role, 'owner')))
    .orderBy(asc(users.createdAt), asc(users.id))
    .limit(1);
  return { ...first, actorId: owner?.id ?? null };
}

/** A user of the workspace by email, for --owner; a clear error naming the flag when there is none. */
export async function resolveUserByEmail(options: {
  db: Db;
  workspaceId: string;
  email: string;
  flag: string;
}): Promise<string> {
  const [row] = await options.db
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.workspaceId, options.workspaceId),
        eq(sql`lower(${users.email})`, options.email.toLowerCase()),
      ),
    );
  if (!row) throw new AppError('not_found', `${options.flag}: no user ${options.email} in this workspace`);
  return row.id;
}
