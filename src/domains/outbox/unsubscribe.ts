import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { SealKey } from '../mailboxes/secret.ts';
import { outbox, suppressions } from './schema.ts';

// The unsubscribe link of an email Kith sent: `<workspace>.<outbox id>.<mac>`, the mac an HMAC of both under
// the server's secret, so a link names one email and cannot be guessed or altered.

const mac = (key: SealKey, workspaceId: string, outboxId: string) =>
  createHmac('sha256', key).update(`unsubscribe:${workspaceId}:${outboxId}`).digest().subarray(0, 16);

export function unsubscribeToken(key: SealKey, workspaceId: string, outboxId: string): string {
  return `${workspaceId}.${outboxId}.${mac(key, workspaceId, outboxId).toString('base64url')}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The email a token names, or null for one that is malformed or was not made with this secret. */
export function readUnsubscribeToken(key: SealKey, token: string) {
  const [workspaceId = '', outboxId = '', given = ''] = token.split('.');
  if (!UUID.test(workspaceId) || !UUID.test(outboxId)) return null;
  const expected = mac(key, workspaceId, outboxId);
  const sent = Buffer.from(given, 'base64url');
  if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) return null;
  return { workspaceId, outboxId };
}

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
  await db.execute(sql`
    update sequence_enrollments set status = 'stopped', stop_reason = 'unsubscribed', stopped_at = now(),
      next_step_at = null, updated_at = now()
    where workspace_id = ${workspaceId}::uuid and contact_id = ${row.contactId}::uuid
      and status in ('active', 'paused')`);
  return row.to;
}
