import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../shared/errors.ts';
import type { Role } from './schema.ts';

/**
 * A credential checked inside a read's own statement instead of by a lookup before it, which saves the
 * lookup's round trip to PostgreSQL: 0.3 to 0.4 ms of Today's 8.5 ms at p50, measured in one server that
 * took the two ways in turns (docs/benchmarks.md, sixth machine). The auth hook builds one only for a
 * credential this process has already resolved, so it knows the credential's user (the route needs it for
 * owner=me). The statement checks everything the lookup would, in the same snapshot as the data it reads:
 * the credential still exists, is not revoked or expired, still belongs to that user, and the user exists.
 *
 * `state` records what the statement found. A request whose gate is still `pending` when its answer is
 * about to go out (an error before the statement ran, say) is checked by the lookup then (server/auth.ts),
 * so nothing is ever sent on a credential that was not checked. A gated route must not use the caller's
 * role: it comes from the last lookup, not from this request. A refused gate's 401 comes after the route's
 * statement (so its timing says how long that took, never what it read); the credential is then forgotten,
 * and its next request takes the lookup.
 */
export type CredentialGate = {
  kind: 'token' | 'session';
  workspaceId: string;
  userId: string;
  role: Role;
  tokenHash: string;
  state: 'pending' | 'confirmed' | 'refused';
  /** Set when a token's gate is confirmed: the token and when its use was last recorded. */
  token?: { id: string; lastUsedAt: Date | null };
};

type KnownCaller = { userId: string; role: Role };

/** Credentials resolved in this process, per store: at most this many, then forgotten all at once. */
const MAX_KNOWN = 10_000;
const known = new WeakMap<Db, Map<string, KnownCaller>>();
const keyOf = (kind: CredentialGate['kind'], workspaceId: string, tokenHash: string) =>
  `${kind}:${workspaceId}:${tokenHash}`;

/** Notes who a credential belonged to when the lookup resolved it (see resolveCredential). */
export function rememberCaller(
  options: { db: Db; kind: CredentialGate['kind']; workspaceId: string; tokenHash: string } & KnownCaller,
): void {
  let callers = known.get(options.db);
  if (!callers) {
    callers = new Map();
    known.set(options.db, callers);
  }
  if (callers.size >= MAX_KNOWN) callers.clear();
  callers.set(keyOf(options.kind, options.workspaceId, options.tokenHash), {
    userId: options.userId,
    role: options.role,
  });
}

/**
 * Forgets a credential a gate found not valid, so its next request takes the lookup again: a dead credential
 * then costs a lookup, not the gated route's whole statement.
 */
export function forgetCaller(options: { db: Db; gate: CredentialGate }): void {
  const { gate } = options;
  known.get(options.db)?.delete(keyOf(gate.kind, gate.workspaceId, gate.tokenHash));
}

/** A pending gate for a credential resolved before in this process, or null (then the lookup runs). */
export function gateFor(options: {
  db: Db;
  kind: CredentialGate['kind'];
  workspaceId: string;
  tokenHash: string;
}): CredentialGate | null {
  const caller = known.get(options.db)?.get(keyOf(options.kind, options.workspaceId, options.tokenHash));
  if (!caller) return null;
  return {
    ...caller,
    kind: options.kind,
    workspaceId: options.workspaceId,
    tokenHash: options.tokenHash,
    state: 'pending',
  };
}

/**
 * `caller(token_id, last_used_at)`, for a WITH clause: one row while the gate's credential is valid, none
 * otherwise. A statement that cross joins it returns nothing for a credential that is no longer valid. Its
 * values are placeholders, so a statement can be built once per kind; callerValues(gate) fills them.
 */
export function callerCte(kind: CredentialGate['kind']): SQL {
  const value = (name: keyof CallerValues) => sql.placeholder(name);
  const ws = sql`${value('callerWorkspaceId')}::uuid`;
  const user = sql`${value('callerUserId')}::uuid`;
  const hash = value('callerTokenHash');
  if (kind === 'token') {
    return sql`select t.id as token_id, t.last_used_at from api_tokens t
      join users u on u.workspace_id = t.workspace_id and u.id = t.user_id
      where t.workspace_id = ${ws} and t.token_hash = ${hash} and t.revoked_at is null
        and t.user_id = ${user}`;
  }
  return sql`select null::uuid as token_id, null::timestamptz as last_used_at from sessions s
    join users u on u.workspace_id = s.workspace_id and u.id = s.user_id
    where s.workspace_id = ${ws} and s.token_hash = ${hash} and s.expires_at > now()
      and s.user_id = ${user}`;
}

/** callerCte's placeholders, by name. */
export type CallerValues = { callerWorkspaceId: string; callerUserId: string; callerTokenHash: string };

/** The values of callerCte's placeholders for a gate. */
export function callerValues(gate: CredentialGate): CallerValues {
  return { callerWorkspaceId: gate.workspaceId, callerUserId: gate.userId, callerTokenHash: gate.tokenHash };
}

/** The 401 for a request without a valid credential: a token that is not (or no longer) valid, or no session. */
export function unauthenticated(kind: CredentialGate['kind']): AppError {
  return new AppError(
    'unauthenticated',
    kind === 'token'
      ? 'The API token is invalid or revoked'
      : 'Sign in (POST /api/auth/login) or send an API token',
  );
}

/**
 * Records what a gated statement found, given its first row (undefined when it returned none): confirms the
 * gate, or refuses it with a 401.
 */
export function settleGate(
  gate: CredentialGate,
  row: { caller_token_id?: string | null; caller_last_used_at?: Date | string | null } | undefined,
): void {
  if (!row) {
    gate.state = 'refused';
    throw unauthenticated(gate.kind);
  }
  gate.state = 'confirmed';
  if (row.caller_token_id) {
    const at = row.caller_last_used_at;
    gate.token = { id: row.caller_token_id, lastUsedAt: at ? new Date(at) : null };
  }
}
