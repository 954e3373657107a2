import type {
  FastifyContextConfig,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RouteOptions,
} from 'fastify';
import type { z } from 'zod';
import type { Db } from '../db/client.ts';
import { inTransaction } from '../db/transaction.ts';
import type { AuthContext } from '../domains/workspaces/auth.ts';
import type { Role } from '../domains/workspaces/schema.ts';
import { ErrorOutput } from '../shared/validators.ts';
import { type AuthLevel, caller } from './auth.ts';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
type Schema = z.ZodType | undefined;
type Parsed<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;
type Responses = Partial<Record<200 | 201 | 202 | 204, z.ZodType>>;
/** What a handler may return: the input of any of its success schemas. */
type Answer<R extends Responses> = {
  [K in keyof R]: R[K] extends z.ZodType ? z.input<R[K]> : never;
}[keyof R];

/** The caller as every domain function takes it: the handle, the workspace, who acts and with what role. */
export type Scope = { db: Db; workspaceId: string; actorId: string; role: Role };

/** What a handler gets: validated input, the caller, and a database handle (a transaction for writes). */
export type RouteContext<A extends AuthLevel, B, Q, P> = {
  /** A transaction for every method but GET; the store for GET. */
  db: Db;
  auth: A extends 'public' ? null : AuthContext;
  /** `{ db, workspaceId, actorId, role }` to spread into a domain function's options. */
  scope: A extends 'public' ? null : Scope;
  body: B;
  query: Q;
  params: P;
  request: FastifyRequest;
  reply: FastifyReply;
};

export type RouteSpec<
  A extends AuthLevel,
  B extends Schema,
  Q extends Schema,
  P extends Schema,
  R extends Responses,
> = {
  method: Method;
  url: string;
  auth: A;
  tags: string[];
  summary: string;
  description?: string;
  body?: B;
  query?: Q;
  params?: P;
  /** The success schemas by status. */
  response: R;
  /** The status to answer with when `response` has several (the handler may set another); else its only one. */
  status?: keyof R & number;
  /** Error statuses beyond the ones every route has (400, 401, 403, 404, 409), such as 422. */
  errors?: number[];
  /** Hidden from the OpenAPI document. */
  hide?: boolean;
  /**
   * false for a write that opens its own transactions (sign-in counts a try in one statement and signs in
   * in another); its handler then gets the store as `db`.
   */
  transaction?: false;
  /** More route config, such as `signsIn` (server/same-origin.ts). */
  config?: Omit<FastifyContextConfig, 'auth'>;
  handler: (ctx: RouteContext<A, Parsed<B>, Parsed<Q>, Parsed<P>>) => Promise<Answer<R>>;
};

/** Every error a route can answer, in the OpenAPI document; the body is always ErrorOutput. */
const ERRORS = { 400: ErrorOutput, 401: ErrorOutput, 403: ErrorOutput, 404: ErrorOutput, 409: ErrorOutput };

/**
 * Declares one API route: its auth, its schemas and one call. The helper validates input (Zod), resolves the
 * caller, opens the one transaction of a write (any method but GET; retried on a deadlock, see
 * db/transaction.ts), and answers with the success status. A route is then what it is for, not plumbing:
 *
 *   route(app, { method: 'GET', url: '/api/tiers/:id', auth: 'read', tags, summary: 'Get a tier',
 *     params: IdParams, response: { 200: TierOutput },
 *     handler: async ({ scope, params }) => presentTier(await getTier({ ...scope, id: params.id })) });
 */
export function route<
  A extends AuthLevel,
  B extends Schema = undefined,
  Q extends Schema = undefined,
  P extends Schema = undefined,
  R extends Responses = Responses,
>(app: FastifyInstance, spec: RouteSpec<A, B, Q, P, R>): void {
  const statuses = Object.keys(spec.response).map(Number);
  const success = spec.status ?? (statuses.length === 1 ? statuses[0] : undefined);
  if (!success)
    throw new Error(`${spec.method} ${spec.url}: declare one success response, or say which (status)`);
  const errors = Object.fromEntries((spec.errors ?? []).map((code) => [code, ErrorOutput]));
  const isWrite = spec.method !== 'GET' && spec.transaction !== false;
  type Context = RouteContext<A, Parsed<B>, Parsed<Q>, Parsed<P>>;
  const handler = async (request: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
    const auth = spec.auth === 'public' ? null : caller(request);
    reply.status(success);
    const run = (db: Db) =>
      spec.handler({
        db,
        auth,
        scope: auth ? { db, workspaceId: auth.workspaceId, actorId: auth.userId, role: auth.role } : null,
        body: request.body,
        query: request.query,
        params: request.params,
        request,
        reply,
      } as unknown as Context);
    const answer = isWrite ? await inTransaction(app.db, run) : await run(app.db);
    return reply.statusCode === 204 ? reply.send(null) : answer;
  };
  const options: RouteOptions = {
    method: spec.method,
    url: spec.url,
    config: { ...spec.config, auth: spec.auth },
    // Only the parts a route has: Fastify warns about a part named but undefined.
    schema: Object.fromEntries(
      Object.entries({
        tags: spec.tags,
        summary: spec.summary,
        description: spec.description,
        hide: spec.hide,
        body: spec.body,
        querystring: spec.query,
        params: spec.params,
        response: { ...ERRORS, ...errors, ...spec.response },
      }).filter(([, value]) => value !== undefined),
    ),
    handler,
  };
  app.route(options);
}
