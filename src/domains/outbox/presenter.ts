import type { OutboxRow } from './queue.ts';
import type { OutboxOutput } from './validators.ts';

/** Picks the API fields of an outbox email. */
export function presentOutbox(row: OutboxRow): OutboxOutput {
  return {
    id: row.id,
    mailboxId: row.mailboxId,
    contactId: row.contactId,
    to: row.toAddress,
    subject: row.subject,
    body: row.bodyText,
    messageId: row.messageId,
    source: row.source,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    smtpResponse: row.smtpResponse,
    interactionId: row.interactionId,
    queuedAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
  };
}
