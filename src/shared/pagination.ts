import { z } from 'zod';
import { AppError } from './errors.ts';
import { findUnstorableText } from './unstorable-text.ts';

/** Cursors are opaque to clients: base64url JSON of the last row's sort key. */
export function encodeCursor(key: readonly (string | number | null)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * Decodes a cursor made by encodeCursor and checks its parts against `parts` (a tuple of the sort key's
 * types), or fails naming query.cursor: a forged or stale cursor is a 400, never a failed cast in SQL.
 */
export function decodeCursor<T extends z.ZodTuple>(cursor: string, parts: T): z.infer<T> {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  const parsed = parts.safeParse(decoded);
  // A cursor's text parts go into SQL too, so they must be text PostgreSQL can store.
  if (parsed.success && !findUnstorableText(parsed.data)) return parsed.data;
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
