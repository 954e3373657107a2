import { isDeepStrictEqual } from 'node:util';
import type { FastifySerializerCompiler } from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { isPresented } from '../shared/presented.ts';

/**
 * Zod serialisation for every route: parse the response with its schema, then JSON. A presented()
 * schema is written without the parse when the server trusts presenters (kith serve), and elsewhere is
 * parsed and must come out unchanged, so its route's tests catch a presenter that drifts from it.
 */
export function responseSerializer(options: {
  trustPresenters: boolean;
}): FastifySerializerCompiler<z.ZodType> {
  return (route) => {
    const parseThenStringify = serializerCompiler(route);
    if (!isPresented(route.schema)) return parseThenStringify;
    if (options.trustPresenters) return (data) => JSON.stringify(data);
    return (data) => {
      const json = parseThenStringify(data);
      if (!isDeepStrictEqual(JSON.parse(json), JSON.parse(JSON.stringify(data)))) {
        throw new Error(
          `${route.method} ${route.url}: the presenter's output is not exactly its response schema ` +
            '(a field the schema drops, or a value it coerces); make the presenter build the schema',
        );
      }
      return json;
    };
  };
}
