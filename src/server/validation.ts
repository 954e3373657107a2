import type { FastifySchemaCompiler } from 'fastify';
import { validatorCompiler as zodValidatorCompiler } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { AppError } from '../shared/errors.ts';
import { findUnstorableText, UNSTORABLE_MESSAGE } from '../shared/unstorable-text.ts';

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
      error: new AppError('validation_failed', `${field}: ${UNSTORABLE_MESSAGE}`, [
        { field, message: UNSTORABLE_MESSAGE },
      ]),
    };
  };
};
