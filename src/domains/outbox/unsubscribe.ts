import { and, eq, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { releaseHeldEmails } from './held.ts';
import { outbox, suppressions } from './schema.ts';

/**
 * Unsubscribes the address an email went to: suppressed for every later send in the workspace, and the live
 * sequence enrolments of its contact stopped ("unsubscribed"). Answers the address, or null when the email is
 * gone. Doing it twice changes nothing.
 */
export async function unsubscribe(options: { db: Db; workspaceId: string; outboxId: string }) {
  const { db, workspaceId } = options;
  const [row] = await db
    .select({ to: outbox.toAddress, contactId: outbox.contactId })
    .from(outbox)
    .where(and(eq(outbox.workspaceId, workspaceId), eq(outbox.id, options.outboxId)));
  if (!row) return null;
  await db
    .insert(suppressions)
    .values({ workspaceId, email: row.to, reason: 'unsubscribe' })
    .onConflictDoNothing();
  const stopped = await queryRows<{ id: string }>(
    db,
    sql`
    update sequence_enrollments set status = 'stopped', stop_reason = 'unsubscribed', stopped_at = now(),
      next_step_at = null, updated_at = now()
    where workspace_id = ${workspaceId}::uuid and contact_id = ${row.contactId}::uuid
      and status in ('active', 'paused')
    returning id`,
  );
  // A paused enrolment's held email now fails with the reason.
  await releaseHeldEmails({ db, workspaceId, enrollmentIds: stopped.map((e) => e.id) });
  return row.to;
}
