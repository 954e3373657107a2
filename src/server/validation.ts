import type { FastifySchemaCompiler } from 'fastify';
import { validatorCompiler as zodValidatorCompiler } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { AppError } from '../shared/errors.ts';

/** A NUL, or half of a surrogate pair: text PostgreSQL cannot store (text, jsonb) or JSON cannot carry. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding the NUL is the point
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const MESSAGE = 'contains a character that cannot be stored (a NUL or half of a surrogate pair)';

/** The path of the first string (or key) in `value` that holds unstorable text, or null when all is well. */
export function findUnstorableText(value: unknown, path: string[] = []): string[] | null {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path : null;
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, item] of Object.entries(value)) {
    if (UNSTORABLE.test(key)) return path;
    const found = findUnstorableText(item, [...path, key]);
    if (found) return found;
  }
  return null;
}

/**
 * Every route's validator: Zod's, after refusing text that PostgreSQL would fail to store. Checking it here,
 * once for the body, query and params of every route, means no schema can forget it and a NUL in any field
 * is a 400 naming that field instead of a failed statement.
 */
export const validatorCompiler: FastifySchemaCompiler<z.ZodType> = (route) => {
  const validate = zodValidatorCompiler(route);
  const part = route.httpPart === 'querystring' ? 'query' : (route.httpPart ?? 'body');
  return (data) => {
    const path = findUnstorableText(data);
    if (!path) return validate(data);
    const field = [part, ...path].join('.');
    return {
      error: new AppError('validation_failed', `${field}: ${MESSAGE}`, [{ field, message: MESSAGE }]),
    };
  };
};
