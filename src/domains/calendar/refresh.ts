import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { inTransaction } from '../../db/transaction.ts';
import { applyCalendar } from './apply.ts';
import { calendarSubscriptions } from './schema.ts';

/** The subscription a refresh job works on, or null when it was removed since. */
export async function loadSubscription(options: { db: Db; workspaceId: string; id: string }) {
  const [row] = await options.db
    .select()
    .from(calendarSubscriptions)
    .where(
      and(
        eq(calendarSubscriptions.workspaceId, options.workspaceId),
        eq(calendarSubscriptions.id, options.id),
      ),
    );
  return row ?? null;
}

/**
 * Applies a fetched feed in one transaction, in the name of the user who added the subscription, and stores
 * the counts. An event planned at the last refresh and gone from the feed now was deleted: its step goes. The subscription's row is locked first, so two refreshes of one feed apply one after the other.
 * A feed that is not iCalendar is recorded as the refresh's failure, and nothing of it is written.
 */
export async function applyFeed(options: { db: Db; workspaceId: string; id: string; text: string }) {
  const { workspaceId, id } = options;
  try {
    await inTransaction(options.db, async (tx) => {
      const [sub] = await tx
        .select()
        .from(calendarSubscriptions)
        .where(and(eq(calendarSubscriptions.workspaceId, workspaceId), eq(calendarSubscriptions.id, id)))
        .for('update');
      if (!sub) return;
      const { plannedUids, ...counts } = await applyCalendar({
        db: tx,
        workspaceId,
        actorId: sub.userId,
        text: options.text,
        plannedBefore: sub.plannedUids,
      });
      await tx
        .update(calendarSubscriptions)
        .set({
          ...counts,
          plannedUids,
          status: 'ok',
          lastError: null,
          lastRefreshedAt: sql`now()`,
          updatedAt: sql`now()`,
        })
        .where(and(eq(calendarSubscriptions.workspaceId, workspaceId), eq(calendarSubscriptions.id, id)));
    });
  } catch (error) {
    if ((error as { code?: string }).code !== 'validation_failed') throw error;
    await recordFailure({
      ...options,
      message: (error as Error).message.replace(/^body\.file: /, 'the feed '),
    });
  }
}

/** Records why a refresh failed (the feed could not be fetched or read); the next one tries again. */
export async function recordFailure(options: { db: Db; workspaceId: string; id: string; message: string }) {
  await options.db
    .update(calendarSubscriptions)
    .set({
      status: 'failed',
      lastError: options.message.slice(0, 500),
      lastRefreshedAt: sql`now()`,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(calendarSubscriptions.workspaceId, options.workspaceId),
        eq(calendarSubscriptions.id, options.id),
      ),
    );
}
