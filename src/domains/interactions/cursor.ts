import { z } from 'zod';
import { CursorId, decodeCursor, encodeCursor } from '../../shared/pagination.ts';

/** A timestamp as PostgreSQL prints it (`timestamptz::text`), kept verbatim so microseconds survive. */
const PgTimestamp = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}(:?\d{2})?)?$/);
const KeyParts = {
  timestamp: PgTimestamp,
  date: z.iso.date(),
};

/**
 * Decodes a keyset cursor of [sort value, id] and checks both parts, so a forged cursor is a 400
 * naming query.cursor rather than a failed cast in SQL.
 */
export function decodeKeyCursor(cursor: string, kind: 'timestamp' | 'date'): { key: string; id: string } {
  const [key, id] = decodeCursor(cursor, z.tuple([KeyParts[kind], CursorId]));
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
