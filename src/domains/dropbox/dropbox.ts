import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { dropboxes } from './schema.ts';

export type DropboxRow = typeof dropboxes.$inferSelect;

/** A new address's local part: 128 random bits, lower-case hex, so it reads the same in any mail system. */
const newToken = () => randomBytes(16).toString('hex');

/** The address mail is sent to: the token at the inbound domain. */
export const dropboxAddress = (token: string, domain: string) => `${token}@${domain}`;

/** A user's dropbox, created on first use (a second caller at the same moment finds the first one's). */
export async function getDropbox(options: {
  db: Db;
  workspaceId: string;
  userId: string;
}): Promise<DropboxRow> {
  const { db, workspaceId, userId } = options;
  await db.insert(dropboxes).values({ workspaceId, userId, token: newToken() }).onConflictDoNothing();
  const [row] = await db
    .select()
    .from(dropboxes)
    .where(and(eq(dropboxes.workspaceId, workspaceId), eq(dropboxes.userId, userId)));
  if (!row) throw new Error('The dropbox just written cannot be read back');
  return row;
}

/** Gives a user a new dropbox token, so mail to the old address is refused from now on. */
export async function regenerateDropbox(options: {
  db: Db;
  workspaceId: string;
  actorId: string;
}): Promise<DropboxRow> {
  const { db, workspaceId, actorId } = options;
  const [row] = await db
    .insert(dropboxes)
    .values({ workspaceId, userId: actorId, token: newToken() })
    .onConflictDoUpdate({
      target: [dropboxes.workspaceId, dropboxes.userId],
      set: { token: sql`excluded.token`, updatedAt: new Date() },
    })
    .returning();
  if (!row) throw new Error('The dropbox upsert returned nothing');
  // The token is a credential: the audit says that it changed, never what it is.
  await recordAudit({
    db,
    workspaceId,
    actorId,
    action: 'update',
    entity: 'user',
    entityId: actorId,
    changes: { dropboxAddress: 'regenerated' },
  });
  return row;
}

/** Whose dropbox an address is, as the receiver needs it: the user may log mail (active, not a viewer). */
export type DropboxOwner = { workspaceId: string; userId: string; token: string; email: string };

/**
 * The owner of a dropbox token, or null when no active user who may log mail holds it. The one lookup not
 * scoped by workspace: like signing in by email, RCPT TO carries only the address, and the token is
 * unique across workspaces (dropboxes_token_key).
 */
export async function findDropboxOwner(options: { db: Db; token: string }): Promise<DropboxOwner | null> {
  const [row] = await queryRows<{ workspace_id: string; user_id: string; token: string; email: string }>(
    options.db,
    sql`select d.workspace_id, d.user_id, d.token, u.email
          from dropboxes d
          join users u on u.workspace_id = d.workspace_id and u.id = d.user_id
         where d.token = ${options.token.toLowerCase()} and u.active and u.role <> 'viewer'`,
  );
  return row
    ? { workspaceId: row.workspace_id, userId: row.user_id, token: row.token, email: row.email.toLowerCase() }
    : null;
}
