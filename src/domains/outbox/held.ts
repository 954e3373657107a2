import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { enqueueJob } from '../jobs/enqueue.ts';
import { outbox } from './schema.ts';
import { sendEmailJob } from './send-job.ts';

/**
 * Puts the held emails of enrolments that are no longer paused (resumed, removed or stopped) back in the
 * queue, each with a run of its send job, in the caller's transaction: its claim then checks the stop rules
 * again, and sends the email or fails it with the reason. A held email has no job of its own, so this is the
 * only way one moves on; every change that ends a pause calls it.
 */
export async function releaseHeldEmails(options: { db: Db; workspaceId: string; enrollmentIds: string[] }) {
  const { db, workspaceId } = options;
  if (options.enrollmentIds.length === 0) return;
  const released = await db
    .update(outbox)
    .set({ status: 'queued', updatedAt: new Date() })
    .where(
      and(
        eq(outbox.workspaceId, workspaceId),
        eq(outbox.status, 'held'),
        inArray(outbox.enrollmentId, options.enrollmentIds),
      ),
    )
    .returning({ id: outbox.id });
  for (const { id } of released) {
    await enqueueJob({ db, workspaceId, job: sendEmailJob, payload: { outboxId: id } });
  }
}
