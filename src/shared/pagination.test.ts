import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from './errors.ts';
import { decodeCursor, encodeCursor } from './pagination.ts';
import { Id } from './validators.ts';

// Each list's cursors over HTTP, forged ones included: src/server/bad-input.test.ts.
const NameCursor = z.tuple([z.string(), Id]);

const refusal = (cursor: string) => {
  try {
    decodeCursor(cursor, NameCursor);
  } catch (e) {
    return e;
  }
};

describe('decodeCursor', () => {
  it('returns the parts of a cursor encodeCursor made', () => {
    const id = randomUUID();
    expect(decodeCursor(encodeCursor(['acme', id]), NameCursor)).toEqual(['acme', id]);
  });

  it.each([
    ['not base64 JSON', 'bogus'],
    ['too few parts', encodeCursor(['acme'])],
    ['a part of the wrong type', encodeCursor([1, randomUUID()])],
    ['an id that is not a uuid', encodeCursor(['acme', 'x'])],
    ['text PostgreSQL cannot store', encodeCursor(['ac\u0000me', randomUUID()])],
  ])('refuses %s as a validation error naming query.cursor', (_, cursor) => {
    const error = refusal(cursor);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'validation_failed',
      fields: [{ field: 'query.cursor', message: 'is not a cursor this list returned' }],
    });
  });
});
