import type { Db } from './client.ts';
import { conflictFromConstraint } from './constraints.ts';

/** SQLSTATEs after which running the whole transaction again is the fix: a deadlock victim, a serialization failure. */
const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 4;
/** Before a retry: a pause that grows with each attempt, with jitter, so the other writer can commit first. */
const pauseBefore = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, attempt * 10 + Math.random() * 20));

/** The SQLSTATE of a driver error, which Drizzle wraps in its own error as `cause`. */
export function sqlState(error: unknown): string | undefined {
  const e = error as { code?: unknown; cause?: { code?: unknown } };
  const code = typeof e?.code === 'string' ? e.code : e?.cause?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Runs `fn` in one transaction: the boundary of every write (a route, a job, a CLI command) opens exactly one
 * and passes `tx` down.
 *
 * THE OUTBOX RULE. A transaction only writes to the database. Anything outside it (sending mail, calling a
 * webhook, fetching a URL) is a job, enqueued inside the transaction and run by a worker after the commit
 * (src/domains/jobs). So a transaction can always be run again, which is what this function does when
 * PostgreSQL aborts it as a deadlock victim or a serialization failure: by then the other transaction has
 * committed, and a second attempt goes through. Never call out of the process from inside `fn`.
 *
 * A unique violation that a check before the insert could not see (two requests creating the same email at
 * once) leaves as a 409 naming the field (db/constraints.ts), never as a 500.
 */
export async function inTransaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(fn);
    } catch (error) {
      const code = sqlState(error);
      if (code && RETRYABLE.has(code) && attempt < ATTEMPTS) {
        await pauseBefore(attempt);
        continue;
      }
      throw conflictFromConstraint(error) ?? error;
    }
  }
}
