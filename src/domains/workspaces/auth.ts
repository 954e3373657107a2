import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../shared/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { credentialLookups } from './credential-lookups.ts';
import { apiTokens, type Role, sessions, type TokenScope, users, workspaces } from './schema.ts';
import { dummyPasswordHash, hashSecret, newSecret, verifyPassword } from './secrets.ts';
import type { UserOutput } from './validators.ts';

export const SESSION_DAYS = 30;
export const SESSION_COOKIE = 'kith_session';
const USE_RESOLUTION_MS = 5 * 60_000;

/** Who is calling: resolved once per request by the auth hook. */
export type AuthContext = {
  workspaceId: string;
  userId: string;
  role: Role;
  via: 'session' | 'token';
  /** The session's or the token's id. */
  credentialId: string;
  /** A token's scope; a 'read' token may not write whatever its user's role. Null for a session. */
  tokenScope: TokenScope | null;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Splits `<workspaceId>.<secret>` (sessions, and the invite and password reset links) or
 * `kith_<workspaceId>_<secret>` (tokens); null when malformed.
 */
export function splitCredential(
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

/** Opens a session for a user; returns the cookie value, which exists only here. */
export async function openSession(options: {
  db: Db;
  workspaceId: string;
  userId: string;
}): Promise<{ cookie: string; expiresAt: Date }> {
  const secret = newSecret();
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
  await options.db.insert(sessions).values({
    workspaceId: options.workspaceId,
    userId: options.userId,
    tokenHash: hashSecret(secret),
    expiresAt,
  });
  return { cookie: `${options.workspaceId}.${secret}`, expiresAt };
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
      active: users.active,
      workspaceName: workspaces.name,
    })
    .from(users)
    .innerJoin(workspaces, eq(workspaces.id, users.workspaceId))
    .where(eq(sql`lower(${users.email})`, options.email.toLowerCase()));
  const wanted = options.workspace?.toLowerCase();
  const considered = candidates.filter((c) => !wanted || c.workspaceName.toLowerCase() === wanted);
  const verified = [];
  for (const c of considered) {
    if (await verifyPassword(c.hash, options.password)) verified.push(c);
  }
  // No user to check: verify against a dummy hash all the same, so an unknown email takes as long.
  if (considered.length === 0) await verifyPassword(await dummyPasswordHash(), options.password);
  const matching = verified.filter((c) => c.active);
  const chosen = matching[0];
  const deactivated = verified[0];
  if (!chosen && deactivated) {
    throw new AppError(
      'forbidden',
      `Your account in ${deactivated.workspaceName} has been deactivated. Ask an admin there to reactivate it.`,
    );
  }
  if (!chosen) throw new AppError('unauthenticated', 'Email or password is incorrect');
  if (matching.length > 1) {
    throw new AppError('validation_failed', 'This email belongs to several workspaces: say which one', [
      { field: 'workspace', message: `one of: ${matching.map((m) => m.workspaceName).join(', ')}` },
    ]);
  }
  const session = await openSession({ db: options.db, workspaceId: chosen.workspaceId, userId: chosen.id });
  await recordAudit({
    db: options.db,
    workspaceId: chosen.workspaceId,
    actorId: chosen.id,
    action: 'login',
    entity: 'session',
    entityId: null,
  });
  const user = await getUser({ db: options.db, workspaceId: chosen.workspaceId, userId: chosen.id });
  return { user, ...session };
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

/**
 * Records a credential's use and its user's activity, at most every few minutes per credential, so reading
 * does not write on every request.
 */
export async function recordCredentialUse(options: {
  db: Db;
  workspaceId: string;
  kind: 'session' | 'token';
  credentialId: string;
  userId: string;
  lastUsedAt: Date | null;
}): Promise<void> {
  const { db, workspaceId, lastUsedAt } = options;
  if (lastUsedAt && Date.now() - lastUsedAt.getTime() <= USE_RESOLUTION_MS) return;
  const now = new Date();
  if (options.kind === 'token') {
    await db
      .update(apiTokens)
      .set({ lastUsedAt: now })
      .where(and(eq(apiTokens.workspaceId, workspaceId), eq(apiTokens.id, options.credentialId)));
  } else {
    await db
      .update(sessions)
      .set({ lastSeenAt: now })
      .where(and(eq(sessions.workspaceId, workspaceId), eq(sessions.id, options.credentialId)));
  }
  await db
    .update(users)
    .set({ lastActiveAt: now })
    .where(and(eq(users.workspaceId, workspaceId), eq(users.id, options.userId)));
}

/**
 * The credential a request carries, parsed but not checked: its kind, workspace and secret's hash, or null
 * when it is malformed.
 */
function parseCredential(options: {
  bearer?: string;
  cookie?: string;
}): { kind: 'token' | 'session'; workspaceId: string; tokenHash: string } | null {
  const kind = options.bearer ? 'token' : 'session';
  const value = options.bearer || options.cookie;
  const parts = value ? splitCredential(value, kind) : null;
  return parts ? { kind, workspaceId: parts.workspaceId, tokenHash: hashSecret(parts.secret) } : null;
}

/** Resolves a bearer token or a session cookie to who is calling, or null when neither is valid. */
export async function resolveCredential(options: {
  db: Db;
  bearer?: string;
  cookie?: string;
}): Promise<AuthContext | null> {
  const { db } = options;
  const credential = parseCredential(options);
  if (!credential) return null;
  const { kind, workspaceId, tokenHash } = credential;
  const lookups = credentialLookups(db);
  const [row] =
    kind === 'token'
      ? await lookups.token.execute({ workspaceId, tokenHash })
      : (await lookups.session.execute({ workspaceId, tokenHash })).map((r) => ({ ...r, scope: null }));
  if (!row) return null;
  await recordCredentialUse({
    db,
    workspaceId,
    kind,
    credentialId: row.id,
    userId: row.userId,
    lastUsedAt: row.lastUsedAt,
  });
  return {
    workspaceId,
    userId: row.userId,
    role: row.role,
    via: kind,
    credentialId: row.id,
    tokenScope: row.scope,
  };
}
