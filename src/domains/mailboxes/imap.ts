import { ImapFlow } from 'imapflow';
import type { mailboxes } from './schema.ts';
import { type SealKey, unseal } from './secret.ts';

// The one place Kith opens IMAP connections (the outbox rule allows it: server/outbox-rule.test.ts). It only
// reads mail; the sync job calls it between its transactions, never inside one.

export type { ImapFlow };

/** The IMAP client for a mailbox, with its password opened. */
export function imapClient(mailbox: typeof mailboxes.$inferSelect, key: SealKey): ImapFlow {
  return new ImapFlow({
    host: mailbox.imapHost,
    port: mailbox.imapPort,
    secure: mailbox.imapTls === 'implicit',
    doSTARTTLS: mailbox.imapTls === 'starttls' ? true : mailbox.imapTls === 'none' ? false : undefined,
    auth: { user: mailbox.imapUsername, pass: unseal(key, mailbox.passwordSealed) },
    logger: false,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
  });
}

/** The messages with these UIDs: each one's UID, INTERNALDATE and its first `bytes` bytes. */
export function fetchHeads(client: ImapFlow, uids: number[], bytes: number) {
  return client.fetch(
    uids.join(','),
    { uid: true, internalDate: true, source: { maxLength: bytes } },
    { uid: true },
  );
}
