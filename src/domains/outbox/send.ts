import { performance } from 'node:perf_hooks';
import { and, eq, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { inTransaction } from '../../db/transaction.ts';
import { loadConfig } from '../../shared/config.ts';
import { recordTouches } from '../interactions/record-touches.ts';
import { emailTouch } from '../mailboxes/email-item.ts';
import { isInSentFolder } from '../mailboxes/imap.ts';
import type { SealKey } from '../mailboxes/secret.ts';
import { sendWithin, smtpLoginOf } from '../mailboxes/smtp.ts';
import { outbox, suppressions } from './schema.ts';
import { byAttempt, claimEmail, failEmail, type OutboxRow, type SendOutcome } from './send-claim.ts';
import { unsubscribeToken } from './unsubscribe-token.ts';

export type { SendOutcome } from './send-claim.ts';

/**
 * RFC 8058 one-click unsubscribe for a sequence's email, when Kith knows its public address (KITH_PUBLIC_URL):
 * a mail program's Unsubscribe button posts to it, and the address is never written to again.
 */
function unsubscribeHeaders(row: OutboxRow, key: SealKey): Record<string, string> {
  const publicUrl = loadConfig().publicUrl;
  if (!publicUrl || row.source !== 'sequence') return {};
  const url = `${publicUrl}/api/unsubscribe/${unsubscribeToken(key, row.workspaceId, row.id)}`;
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

const rowOf = (row: OutboxRow) => and(eq(outbox.workspaceId, row.workspaceId), eq(outbox.id, row.id));

/**
 * Marks an email sent and logs it as an outbound email with its contact, in one transaction; once only, even
 * when a stalled attempt and the one that recovered it both learn that the server has it.
 */
async function recordSent(db: Db, row: OutboxRow, reply: string, now: Date) {
  await inTransaction(db, async (tx) => {
    const [current] = await tx.select({ status: outbox.status }).from(outbox).where(rowOf(row)).for('update');
    if (!current || current.status === 'sent') return;
    const [recorded] = await recordTouches({
      db: tx,
      workspaceId: row.workspaceId,
      actorId: row.userId,
      now,
      items: [
        emailTouch(
          {
            messageId: row.messageId,
            inReplyTo: null,
            direction: 'out',
            occurredAt: now,
            subject: row.subject,
            snippet: row.bodyText.slice(0, 2000),
            signals: {},
          },
          [row.contactId],
          row.source,
        ),
      ],
    });
    await tx
      .update(outbox)
      .set({
        status: 'sent',
        sentAt: now,
        smtpResponse: reply.slice(0, 1000),
        lastError: null,
        interactionId: recorded?.interaction.id ?? null,
        sendingUntil: null,
        updatedAt: now,
      })
      .where(rowOf(row));
  });
}

/**
 * Puts an email back in the queue after an attempt that did not get it accepted. When no attempt may have
 * handed it over, the next one sends it; otherwise the lease mark stays, so the next one looks in the Sent
 * folder first, and not before `lookAfter`.
 */
async function requeue(db: Db, row: OutboxRow, reply: string, lookAfter: Date | null) {
  await db
    .update(outbox)
    .set({
      status: 'queued',
      lastError: reply.slice(0, 1000),
      sendingUntil: lookAfter,
      updatedAt: new Date(),
    })
    .where(and(byAttempt(row), ne(outbox.status, 'sent')));
}

/** The part of the lease an attempt may spend; the rest is the Sent folder's time to show what it accepted. */
const SPEND = 0.75;

/**
 * One attempt at sending a queued email (the outbox's send job). SMTP happens between transactions: the
 * claim commits `sending` with a lease first, and `sent` is written after the server accepted. The attempt's
 * whole exchange ends within three quarters of its lease (sendWithin), and no other attempt touches the email
 * before the lease has passed, so a stalled worker and the one that took over its job never both hand it over.
 * An attempt that finds the lease expired and the email not settled knows an earlier one may have handed it
 * over: it looks for the Message-ID in the Sent folder (there: record it; absent: send), and without a way to
 * look it fails the email as "may have been sent" rather than risk sending it twice. A 5xx fails it for good
 * (a 5.1.x also suppresses the address); a 4xx, an unreachable server or an exchange that ended without a
 * reply puts it back in the queue and throws, so the job retries with backoff.
 */
export async function sendQueued(options: {
  db: Db;
  workspaceId: string;
  outboxId: string;
  key: SealKey;
  now?: Date;
  /** How long this attempt owns the email (default KITH_SEND_LEASE_SECONDS). */
  leaseMs?: number;
}): Promise<SendOutcome> {
  const { db } = options;
  const now = options.now ?? new Date();
  const leaseMs = options.leaseMs ?? loadConfig().sendLeaseMs;
  // Counted from before the claim, so it ends before the lease the claim writes, whatever the claim's delay.
  const deadline = performance.now() + leaseMs * SPEND;
  const claimed = await claimEmail({ ...options, now, leaseMs });
  if (claimed.outcome) return claimed.outcome;
  const { row, mailbox, mayHaveBeenSent } = claimed;
  if (mayHaveBeenSent) {
    const found = await isInSentFolder(mailbox, options.key, row.messageId);
    if (found) {
      await recordSent(db, row, 'found in the Sent folder after an interrupted attempt', now);
      return { state: 'sent' };
    }
    if (found === null) {
      await failEmail(
        db,
        row,
        'may have been sent: an attempt stopped between handing it to the mail server and recording it, ' +
          'and this mailbox has no Sent folder to check. Look in your Sent mail before sending it again',
      );
      return { state: 'failed' };
    }
  }
  const login = smtpLoginOf(mailbox, options.key);
  if (!login) throw new Error(`mailbox ${mailbox.id} has no SMTP settings`);
  const result = await sendWithin({
    login,
    deadline,
    message: {
      from: mailbox.label ? { name: mailbox.label, address: mailbox.address } : mailbox.address,
      to: row.toAddress,
      subject: row.subject,
      text: row.bodyText,
      html: row.bodyHtml,
      messageId: row.messageId,
      headers: { 'X-Kith-Outbox-Id': row.id, ...unsubscribeHeaders(row, options.key) },
    },
  });
  if (result.state === 'accepted') {
    await recordSent(db, row, result.reply, now);
    return { state: 'sent' };
  }
  if (result.state === 'refused' && result.code >= 500) {
    await inTransaction(db, async (tx) => {
      await failEmail(tx, row, `refused by the mail server: ${result.reply}`, result.reply);
      if (/\b5\.1\.\d+\b/.test(result.reply)) {
        await tx
          .insert(suppressions)
          .values({
            workspaceId: row.workspaceId,
            email: row.toAddress,
            reason: 'bounce',
            detail: result.reply,
          })
          .onConflictDoNothing();
      }
    });
    return { state: 'failed' };
  }
  // Refused for now, or cut off: this attempt did not hand it over, or cannot tell (`unsure`: the whole
  // message went and no reply came), and then the Sent folder decides, once this lease has passed.
  const claimedAt = new Date((row.sendingUntil?.getTime() ?? 0) - leaseMs);
  const lookAfter = result.state === 'unsure' ? row.sendingUntil : mayHaveBeenSent ? claimedAt : null;
  await requeue(db, row, result.reply, lookAfter);
  throw new Error(`not sent yet: ${result.reply}`);
}
