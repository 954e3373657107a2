import { z } from 'zod';
import { AppError } from './errors.ts';

/** Cursors are opaque to clients: base64url JSON of the last row's sort key. */
export function encodeCursor(key: readonly (string | number | null)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Decodes a cursor made by encodeCursor with `size` parts, or fails naming query.cursor. */
export function decodeCursor(cursor: string, size: number): (string | number | null)[] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === size) return parsed as (string | number | null)[];
  } catch {
    // fall through to the error below
  }
  throw new AppError('validation_failed', 'query.cursor: is not a cursor this list returned', [
    { field: 'query.cursor', message: 'is not a cursor this list returned' },
  ]);
}

/** The shape of every paginated list response. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z
      .string()
      .nullable()
      .describe('Pass as `cursor` to get the next page; null on the last page'),
  });
}
