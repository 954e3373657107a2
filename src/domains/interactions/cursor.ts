import { z } from 'zod';
import { decodeCursor, encodeCursor } from '../../shared/pagination.ts';
import { Id } from '../../shared/validators.ts';

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
