import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../shared/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { enqueueJob } from '../jobs/enqueue.ts';
import { scheduleJob, unscheduleJob } from '../jobs/schedules.ts';
import { refreshSubscriptionJob } from './refresh-subscription-job.ts';
import { calendarSubscriptions } from './schema.ts';
import { assertFeedUrl } from './url-guard.ts';
import type { SubscriptionInput } from './validators.ts';

export type SubscriptionRow = typeof calendarSubscriptions.$inferSelect;

type Mine = { db: Db; workspaceId: string; actorId: string };

/** How often a feed is fetched again. */
export const REFRESH_INTERVAL_MS = 60 * 60 * 1000;

const scheduleKey = (id: string) => `calendar-subscription:${id}`;

/**
 * Follows a feed: stores it as the caller's, schedules its hourly refresh, and enqueues the first one now. The
 * fetch happens in the job, after this transaction commits (the outbox rule).
 */
export async function createSubscription(
  options: Mine & { input: SubscriptionInput },
): Promise<{ row: SubscriptionRow; jobId: string }> {
  const { db, workspaceId, actorId } = options;
  const url = assertFeedUrl(options.input.url);
  const [row] = await db
    .insert(calendarSubscriptions)
    .values({ workspaceId, userId: actorId, url: url.href })
    .returning();
  if (!row) throw new Error('subscription insert returned nothing');
  await scheduleJob({
    db,
    workspaceId,
    key: scheduleKey(row.id),
    job: refreshSubscriptionJob,
    payload: { subscriptionId: row.id },
    intervalMs: REFRESH_INTERVAL_MS,
    firstRunAt: new Date(Date.now() + REFRESH_INTERVAL_MS),
  });
  const job = await enqueueJob({
    db,
    workspaceId,
    job: refreshSubscriptionJob,
    payload: { subscriptionId: row.id },
  });
  await recordAudit({
    db,
    workspaceId,
    actorId,
    action: 'create',
    entity: 'calendar_subscription',
    entityId: row.id,
    changes: { url: row.url },
  });
  return { row, jobId: job.id };
}

/** The caller's own subscriptions, oldest first: nobody sees another user's feeds. */
export async function findSubscriptions(options: Mine): Promise<SubscriptionRow[]> {
  return options.db
    .select()
    .from(calendarSubscriptions)
    .where(
      and(
        eq(calendarSubscriptions.workspaceId, options.workspaceId),
        eq(calendarSubscriptions.userId, options.actorId),
      ),
    )
    .orderBy(asc(calendarSubscriptions.createdAt), asc(calendarSubscriptions.id));
}

/** One of the caller's subscriptions, or a 404 (another user's is as good as absent). */
export async function getSubscription(options: Mine & { id: string }): Promise<SubscriptionRow> {
  const [row] = await options.db
    .select()
    .from(calendarSubscriptions)
    .where(
      and(
        eq(calendarSubscriptions.workspaceId, options.workspaceId),
        eq(calendarSubscriptions.id, options.id),
        eq(calendarSubscriptions.userId, options.actorId),
      ),
    );
  if (!row) throw notFound('Calendar subscription', options.id);
  return row;
}

/** Enqueues a refresh of one of the caller's subscriptions now; answers it and the job. */
export async function refreshSubscription(
  options: Mine & { id: string },
): Promise<{ row: SubscriptionRow; jobId: string }> {
  const row = await getSubscription(options);
  const job = await enqueueJob({
    db: options.db,
    workspaceId: options.workspaceId,
    job: refreshSubscriptionJob,
    payload: { subscriptionId: row.id },
  });
  return { row, jobId: job.id };
}

/** Stops following a feed; what it logged and planned stays. */
export async function deleteSubscription(options: Mine & { id: string }): Promise<void> {
  const { db, workspaceId } = options;
  const row = await getSubscription(options);
  await unscheduleJob({ db, workspaceId, key: scheduleKey(row.id) });
  await db
    .delete(calendarSubscriptions)
    .where(and(eq(calendarSubscriptions.workspaceId, workspaceId), eq(calendarSubscriptions.id, row.id)));
  await recordAudit({
    db,
    workspaceId,
    actorId: options.actorId,
    action: 'delete',
    entity: 'calendar_subscription',
    entityId: row.id,
    changes: { url: row.url },
  });
}
