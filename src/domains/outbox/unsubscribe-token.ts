import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SealKey } from '../mailboxes/secret.ts';

// The unsubscribe link of an email Kith sent: `<workspace>.<outbox id>.<mac>`, the mac an HMAC of both under
// the server's secret, so a link names one email and cannot be guessed or altered.

const mac = (key: SealKey, workspaceId: string, outboxId: string) =>
  createHmac('sha256', key).update(`unsubscribe:${workspaceId}:${outboxId}`).digest().subarray(0, 16);

/** The token of an email's unsubscribe link. */
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
