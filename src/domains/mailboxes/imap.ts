import { ImapFlow } from 'imapflow';
import type { mailboxes } from './schema.ts';
import { type SealKey, unseal } from './secret.ts';

// The one place Kith opens IMAP connections (the outbox rule allows it: server/outbox-rule.test.ts). It only
// reads mail; the sync job calls it between its transactions, never inside one.

export type { ImapFlow };

/** A mailbox's IMAP login with its password opened, or null for a mailbox that only sends. */
export function imapLoginOf(mailbox: typeof mailboxes.$inferSelect, key: SealKey): ImapLogin | null {
  const { imapHost: host, imapPort: port, imapTls: tls, imapUsername: username } = mailbox;
  if (!host || !port || !tls || !username || !mailbox.passwordSealed) return null;
  return { host, port, tls, username, password: unseal(key, mailbox.passwordSealed) };
}

function clientFor(login: ImapLogin, timeoutMs: number): ImapFlow {
  return new ImapFlow({
    host: login.host,
    port: login.port,
    secure: login.tls === 'implicit',
    doSTARTTLS: login.tls === 'starttls' ? true : login.tls === 'none' ? false : undefined,
    auth: { user: login.username, pass: login.password },
    logger: false,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
  });
}

/** The IMAP client for a mailbox that reads mail. */
export function imapClient(mailbox: typeof mailboxes.$inferSelect, key: SealKey): ImapFlow {
  const login = imapLoginOf(mailbox, key);
  if (!login) throw new Error(`mailbox ${mailbox.id} has no IMAP settings`);
  return clientFor(login, 15_000);
}

/** The messages with these UIDs: each one's UID, INTERNALDATE and its first `bytes` bytes. */
export function fetchHeads(client: ImapFlow, uids: number[], bytes: number) {
  return client.fetch(
    uids.join(','),
    { uid: true, internalDate: true, source: { maxLength: bytes } },
    { uid: true },
  );
}

/** What a connection check found wrong, and with which input field. */
export type LoginProblem = {
  field: 'body.imap.host' | 'body.imap.password' | 'body.imap.tls';
  message: string;
};

/** Where an IMAP server is, and who logs in. */
export type ImapLogin = {
  host: string;
  port: number;
  tls: NonNullable<(typeof mailboxes.$inferSelect)['imapTls']>;
  username: string;
  password: string;
};

/**
 * Logs in once and out again, answering what went wrong in words a person can act on, each a predicate of
 * the field's name ("Password was refused by …") (a wrong password,
 * a host that does not answer, a TLS mismatch), or null when the login worked. Called before a mailbox is
 * saved, outside any transaction.
 */
export async function checkImapLogin(login: ImapLogin): Promise<LoginProblem | null> {
  const client = clientFor(login, 10_000);
  client.on('error', () => {});
  const where = `${login.host}:${login.port}`;
  try {
    await client.connect();
    await client.logout();
    return null;
  } catch (error) {
    client.close();
    const e = error as { authenticationFailed?: boolean; code?: string; message?: string };
    if (e.authenticationFailed) {
      return { field: 'body.imap.password', message: `was refused by ${where} with this username` };
    }
    const code = e.code ?? '';
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      return { field: 'body.imap.host', message: `does not exist: no server is named ${login.host}` };
    }
    if (code === 'ECONNREFUSED' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
      return { field: 'body.imap.host', message: `does not answer on port ${login.port}` };
    }
    if (code.includes('TIMEOUT') || code === 'ETIMEDOUT') {
      return { field: 'body.imap.host', message: `did not answer on port ${login.port} in time` };
    }
    if (/ssl|tls|certificate|self[- ]signed/i.test(`${code} ${e.message ?? ''}`)) {
      return {
        field: 'body.imap.tls',
        message: `does not match ${where}: the secure connection failed (${e.message ?? code}); check the port too`,
      };
    }
    return {
      field: 'body.imap.host',
      message: `could not be signed in to at ${where}: ${e.message ?? code}`,
    };
  }
}

/**
 * Whether the mailbox's Sent folder holds a message with this Message-ID: how the outbox tells, after an
 * attempt that stopped between handing an email to SMTP and recording it, whether it went out. Null when the
 * mailbox has no IMAP or no Sent folder, so it cannot tell.
 */
export async function isInSentFolder(
  mailbox: typeof mailboxes.$inferSelect,
  key: SealKey,
  messageId: string,
): Promise<boolean | null> {
  const login = imapLoginOf(mailbox, key);
  if (!login) return null;
  const client = clientFor(login, 15_000);
  client.on('error', () => {});
  await client.connect();
  try {
    const sent = (await client.list()).find((f) => f.specialUse === '\\Sent');
    if (!sent) return null;
    const lock = await client.getMailboxLock(sent.path, { readOnly: true });
    try {
      const uids = await client.search({ header: { 'message-id': messageId } }, { uid: true });
      return Array.isArray(uids) && uids.length > 0;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
}
