import { z } from 'zod';
import { AppError } from './errors.ts';
import { findUnstorableText } from './unstorable-text.ts';
import { Id } from './validators.ts';

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

const CalendarDay = z.iso.date();
/** A calendar day PostgreSQL can read: a real date, and no year 0 (PostgreSQL's calendar has none). */
const isPgDay = (day: string) => CalendarDay.safeParse(day).success && !day.startsWith('0000');

// PostgreSQL prints an offset as +HH, +HH:MM or, for a zone's local mean time, +HH:MM:SS.
const PG_TIMESTAMP =
  /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?(Z|[+-](\d{2})(?::?\d{2}){0,2})?$/;

/**
 * A timestamp as PostgreSQL prints it (`timestamptz::text`), kept verbatim so microseconds survive: a real
 * day and time, and an offset PostgreSQL accepts (up to 15 hours).
 */
function isPgTimestamp(text: string): boolean {
  const m = PG_TIMESTAMP.exec(text);
  if (!m) return false;
  const [, day = '', hour = '', minute = '', second = '', , , offsetHours = '0'] = m;
  return isPgDay(day) && +hour < 24 && +minute < 60 && +second < 60 && +offsetHours <= 15;
}

/** A cursor of [sort value, id], by the kind of its sort value. */
const KeyCursors = {
  timestamp: z.tuple([z.string().refine(isPgTimestamp), Id]),
  date: z.tuple([z.string().refine(isPgDay), Id]),
};

/**
 * Decodes a keyset cursor of [sort value, id] and checks both parts, so a forged cursor is a 400
 * naming query.cursor rather than a failed cast in SQL.
 */
export function decodeKeyCursor(cursor: string, kind: 'timestamp' | 'date'): { key: string; id: string } {
  const [key, id] = decodeCursor(cursor, KeyCursors[kind]);
  return { key, id };
}

/** Cuts a page of limit + 1 rows to `limit` and makes the cursor of the last row kept, if more follow. */
export function pageFrom<T>(
  rows: T[],
  limit: number,
  keyOf: (row: T) => [string, string],
): { rows: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { rows, nextCursor: null };
  const kept = rows.slice(0, limit);
  return { rows: kept, nextCursor: encodeCursor(keyOf(kept[kept.length - 1]!)) };
}
