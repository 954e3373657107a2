import type { FastifyBaseLogger, FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type ErrorCode, type FieldProblem } from '../shared/errors.ts';

/** The one table from error code to HTTP status. */
export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  next_step_required: 422,
  unavailable: 503,
};

export type ErrorBody = { error: { code: ErrorCode | 'internal'; message: string; fields: FieldProblem[] } };

function body(code: ErrorCode, message: string, fields: FieldProblem[] = []): ErrorBody {
  return { error: { code, message, fields } };
}

/** Names a field by where it came from and its path: body.emails.0, query.asOf, params.id. */
function fieldName(context: string, instancePath: string | undefined): string {
  const parts = (instancePath ?? '').split('/').filter(Boolean);
  return [context === 'querystring' ? 'query' : context, ...parts].join('.');
}

/**
 * The status and body for any error: an AppError by its code, a schema validation error naming its
 * fields, Fastify's own 4xx, and anything else as a logged 500 that does not leak its message.
 */
export function errorReply(error: unknown, log: FastifyBaseLogger): { status: number; body: ErrorBody } {
  if (error instanceof AppError) {
    return { status: STATUS_BY_CODE[error.code], body: body(error.code, error.message, error.fields) };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const fields = error.validation.map((v) => ({
      field: fieldName(error.validationContext ?? 'body', v.instancePath),
      message: v.message ?? 'is invalid',
    }));
    const first = fields[0];
    const message = first ? `${first.field}: ${first.message}` : 'The request is invalid';
    return { status: 400, body: body('validation_failed', message, fields) };
  }
  const fastifyError = (error ?? {}) as Partial<FastifyError>;
  const status = fastifyError.statusCode ?? 500;
  if (status === 413) {
    return { status, body: body('payload_too_large', 'The request body is too large (limit 1 MB)') };
  }
  if (status >= 400 && status < 500) {
    const message =
      fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY'
        ? 'The body is not valid JSON'
        : (fastifyError.message ?? 'The request is invalid');
    return { status, body: body('validation_failed', message, [{ field: 'body', message }]) };
  }
  log.error({ err: error }, 'unhandled error');
  return {
    status: 500,
    body: { error: { code: 'internal', message: 'Something went wrong on our side', fields: [] } },
  };
}

/** Maps every error thrown in a route to `{ error: { code, message, fields } }` with one status table. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const { status, body } = errorReply(error, request.log);
    return reply.status(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(body('not_found', `No route for ${request.method} ${request.url.split('?')[0]}`));
  });
}
