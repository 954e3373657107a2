import type { IncomingMessage } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type ErrorCode, type FieldProblem } from '../shared/errors.ts';
import { fieldLabel, sentence } from '../shared/zod-messages.ts';

/** The one table from error code to HTTP status. */
export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  next_step_required: 422,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
};

export type ErrorBody = { error: { code: ErrorCode; message: string; fields: FieldProblem[] } };

function body(code: ErrorCode, message: string, fields: FieldProblem[] = []): ErrorBody {
  return { error: { code, message, fields } };
}

/** What an unexpected failure answers: nothing about its cause. */
export const INTERNAL_ERROR = {
  error: { code: 'internal', message: 'Something went wrong on our side', fields: [] },
};

/** The status and body an AppError is answered with. */
export function errorReply(error: AppError): { status: number; body: ErrorBody } {
  return { status: STATUS_BY_CODE[error.code], body: body(error.code, error.message, error.fields) };
}

/** Names a field by where it came from and its path: body.emails.0, query.asOf, params.id. */
function fieldName(context: string, instancePath: string | undefined): string {
  const parts = (instancePath ?? '').split('/').filter(Boolean);
  return [context === 'querystring' ? 'query' : context, ...parts].join('.');
}

/** The longest path parameter the router takes (Fastify's default); an id is 36 characters. */
export const MAX_PARAM_LENGTH = 100;

/** The 400 for a path parameter longer than the router takes. */
export function pathParamTooLong(): AppError {
  const message = `A path parameter is longer than ${MAX_PARAM_LENGTH} characters; an id is 36`;
  return new AppError('validation_failed', message, [{ field: 'params', message }]);
}

/** A request's path for an error message, cut short so a long one is not echoed back whole. */
export function shownPath(url: string): string {
  const path = url.split('?')[0] ?? '';
  return path.length > 120 ? `${path.slice(0, 120)}…` : path;
}

/**
 * Errors Fastify meets before a route runs: a path parameter longer than the router takes, or a malformed
 * URL. Answered in the app's error shape, without echoing the path.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const answer =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? errorReply(pathParamTooLong())
      : {
          status: 400,
          body: body('validation_failed', 'The URL is malformed', [
            { field: 'url', message: 'is malformed' },
          ]),
        };
  reply.status(answer.status).send(answer.body);
}

/** How much of a refused body is still read, and for how long, so that its client gets the 413. */
const DRAIN_BYTES = 16 * 1_048_576;
const DRAIN_MS = 10_000;

/**
 * Reads and drops the rest of a body that is too large; true when all of it arrived. Closing a connection
 * with unread bytes makes the kernel reset it, and a client still sending then gets ECONNRESET or EPIPE,
 * often before it reads the answer. A client that goes on past DRAIN_BYTES or DRAIN_MS is not waited for.
 */
function drainRefusedBody(raw: IncomingMessage): Promise<boolean> {
  if (raw.complete) return Promise.resolve(true);
  // Fastify refuses a declared length before reading any of it: one past the drain limit is not waited for.
  if (raw.destroyed || Number(raw.headers['content-length']) > DRAIN_BYTES) return Promise.resolve(false);
  return new Promise((resolve) => {
    let drained = 0;
    const finish = (isComplete: boolean) => {
      clearTimeout(timer);
      raw.off('data', onData);
      raw.off('end', onEnd);
      raw.off('close', onClose);
      resolve(isComplete);
    };
    const onData = (chunk: Buffer) => {
      drained += chunk.length;
      if (drained > DRAIN_BYTES) finish(false);
    };
    const onEnd = () => finish(true);
    const onClose = () => finish(raw.complete);
    const timer = setTimeout(() => finish(false), DRAIN_MS);
    raw.on('data', onData);
    raw.once('end', onEnd);
    raw.once('close', onClose);
    raw.resume();
  });
}

/**
 * The 413, sent once the rest of the body has been read (see drainRefusedBody). Fastify asks for the
 * connection to close; when the whole body arrived it can stay open for the next request instead.
 */
async function payloadTooLarge(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  if (await drainRefusedBody(request.raw)) reply.removeHeader('connection');
  const limit = 'must be at most 1 MB';
  return reply
    .status(413)
    .send(
      body('payload_too_large', 'The request body is larger than the limit of 1 MB', [
        { field: 'body', message: limit },
      ]),
    );
}

/** Maps every error thrown in a route to `{ error: { code, message, fields } }` with one status table. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      const answer = errorReply(error);
      if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
      return reply.status(answer.status).send(answer.body);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const fields = error.validation.map((v) => ({
        field: fieldName(error.validationContext ?? 'body', v.instancePath),
        message: v.message ?? 'is invalid',
      }));
      const first = fields[0];
      // One sentence a person would write: "First name is required".
      const message = first ? sentence(fieldLabel(first.field), first.message) : 'The request is invalid';
      return reply.status(400).send(body('validation_failed', message, fields));
    }
    const status = error.statusCode ?? 500;
    if (status === 413) return payloadTooLarge(request, reply);
    if (status >= 400 && status < 500) {
      const message =
        error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ? 'The body is not valid JSON' : error.message;
      return reply.status(status).send(body('validation_failed', message, [{ field: 'body', message }]));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(INTERNAL_ERROR);
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(body('not_found', `No route for ${request.method} ${shownPath(request.url)}`));
  });
}
