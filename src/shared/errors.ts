/** The codes the app can fail with; server/errors.ts maps each to one HTTP status. */
export type ErrorCode =
  | 'validation_failed'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'next_step_required'
  | 'unprocessable'
  | 'payload_too_large'
  | 'rate_limited'
  | 'unavailable';

/** What a field's problem is about, so a client can link to it (the contact that has a taken email). */
export type RelatedRecord = { type: 'contact'; id: string; name: string };
export type FieldProblem = { field: string; message: string; related?: RelatedRecord };

/** The one error type the domains throw. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldProblem[];
  /** For rate_limited: when to try again, sent as Retry-After. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    fields: FieldProblem[] = [],
    options: { retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.code = code;
    this.fields = fields;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/**
 * not_found for ids given at `field` (the path's own id unless said otherwise), worded the same for every
 * entity, so a missing id and another workspace's read the same.
 */
export function notFound(entity: string, ids: string | string[], field = 'params.id'): AppError {
  const list = Array.isArray(ids) ? ids : [ids];
  return new AppError('not_found', `${entity} ${list.join(', ')} was not found in this workspace`, [
    { field, message: list.length === 1 ? 'not found' : `not found: ${list.join(', ')}` },
  ]);
}
