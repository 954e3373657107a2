import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../shared/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { credentialLookups } from './credential-lookups.ts';
import { apiTokens, type Role, sessions, users, workspaces } from './schema.ts';
import { hashSecret, newSecret, verifyPassword } from './secrets.ts';
import type { UserOutput } from './validators.ts';

export const SESSION_DAYS = 30;
export const SESSION_COOKIE = 'kith_session';
const TOKEN_USE_RESOLUTION_MS = 5 * 60_000;

/** Who is calling: resolved once per request by the auth hook. */
export type AuthContext = { workspaceId: string; userId: string; role: Role; via: 'session' | 'token' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Splits `<workspaceId>.<secret>` (sessions) or `kith_<workspaceId>_<secret>` (tokens). */
function splitCredential(
  value: string,
  kind: 'session' | 'token',
): { workspaceId: string; secret: string } | null {
  const match = kind === 'session' ? /^([^.]+)\.(.+)$/.exec(value) : /^kith_([^_]+)_(.+)$/.exec(value);
  if (!match?.[1] || !match[2] || !UUID.test(match[1])) return null;
  return { workspaceId: match[1], secret: match[2] };
}

/** Loads a user with its workspace name, as the API presents it. */
export async function getUser(options: { db: Db; workspaceId: string; userId: string }): Promise<UserOutput> {
  const [row] = await options.db
    .select({
      id: users.id,
      workspaceId: users.workspaceId,
      workspaceName: workspaces.name,
      email: users.email,
      name: users.name,
      role: users.role,
    })
    .from(users)
    .innerJoin(workspaces, eq(workspaces.id, users.workspaceId))
    .where(and(eq(users.workspaceId, options.workspaceId), eq(users.id, options.userId)));
  if (!row) throw new AppError('unauthenticated', 'The user behind this credential no longer exists');
  return row;
}

/** Checks email and password and opens a session; returns the cookie value once. */
export async function login(options: {
  db: Db;
  email: string;
  password: string;
  workspace?: string;
}): Promise<{ user: UserOutput; cookie: string; expiresAt: Date }> {
  const candidates = await options.db
    .select({
      workspaceId: users.workspaceId,
      id: users.id,
      hash: users.passwordHash,
      workspaceName: workspaces.name,
    })
    .from(users)
    .innerJoin(workspaces, eq(workspaces.id, users.workspaceId))
    .where(eq(sql`lower(${users.email})`, options.email.toLowerCase()));
  const wanted = options.workspace?.toLowerCase();
  const matching = [];
  for (const c of candidates) {
    if (wanted && c.workspaceName.toLowerCase() !== wanted) continue;
    if (await verifyPassword(c.hash, options.password)) matching.push(c);
  }
  const chosen = matching[0];
  if (!chosen) throw new AppError('unauthenticated', 'Email or password is incorrect');
  if (matching.length > 1) {
    throw new AppError('validation_failed', 'This email belongs to several workspaces: say which one', [
      { field: 'workspace', message: `one of: ${matching.map((m) => m.workspaceName).join(', ')}` },
    ]);
  }
  const secret = newSecret();
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
  await options.db.insert(sessions).values({
    workspaceId: chosen.workspaceId,
    userId: chosen.id,
    tokenHash: hashSecret(secret),
    expiresAt,
  });
  await recordAudit({
    db: options.db,
    workspaceId: chosen.workspaceId,
    actorId: chosen.id,
    action: 'login',
    entity: 'session',
    entityId: null,
  });
  const user = await getUser({ db: options.db, workspaceId: chosen.workspaceId, userId: chosen.id });
  return { user, cookie: `${chosen.workspaceId}.${secret}`, expiresAt };
}

/** Ends the session behind a cookie value, if it exists. */
export async function logout(options: { db: Db; cookie: string }): Promise<void> {
  const parts = splitCredential(options.cookie, 'session');
  if (!parts) return;
  await options.db
    .delete(sessions)
    .where(
      and(eq(sessions.workspaceId, parts.workspaceId), eq(sessions.tokenHash, hashSecret(parts.secret))),
    );
}

/** A presented credential, parsed and hashed: what the lookup needs, and a key that names it. */
export type Credential = { kind: 'session' | 'token'; workspaceId: string; tokenHash: string; key: string };

/** Parses a bearer token or (without one) a session cookie; null when neither is well-formed. */
export function parseCredential(options: { bearer?: string; cookie?: string }): Credential | null {
  const kind = options.bearer ? 'token' : 'session';
  const value = options.bearer ?? options.cookie;
  if (!value) return null;
  const parts = splitCredential(value, kind);
  if (!parts) return null;
  const tokenHash = hashSecret(parts.secret);
  return {
    kind,
    workspaceId: parts.workspaceId,
    tokenHash,
    key: `${kind}:${parts.workspaceId}:${tokenHash}`,
  };
}

/** Who is behind a parsed credential now, or null when it is unknown, revoked or expired. */
export async function lookupCredential(options: {
  db: Db;
  credential: Credential;
}): Promise<AuthContext | null> {
  const { db, credential } = options;
  const { workspaceId, tokenHash } = credential;
  if (credential.kind === 'token') {
    const [row] = await credentialLookups(db).token.execute({ workspaceId, tokenHash });
    if (!row) return null;
    // Record use at most every few minutes, so reading through a token does not write on every request.
    if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > TOKEN_USE_RESOLUTION_MS) {
      await db
        .update(apiTokens)
        .set({ lastUsedAt: new Date() })
        .where(and(eq(apiTokens.workspaceId, workspaceId), eq(apiTokens.id, row.id)));
    }
    return { workspaceId, userId: row.userId, role: row.role, via: 'token' };
  }
  const [row] = await credentialLookups(db).session.execute({ workspaceId, tokenHash });
  return row ? { workspaceId, userId: row.userId, role: row.role, via: 'session' } : null;
}
