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

/** What a connection check found wrong, and with which input field. */
export type LoginProblem = {
  field: 'body.imap.host' | 'body.imap.password' | 'body.imap.tls';
  message: string;
};

/** Where an IMAP server is, and who logs in. */
export type ImapLogin = {
  host: string;
  port: number;
  tls: (typeof mailboxes.$inferSelect)['imapTls'];
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
  const client = new ImapFlow({
    host: login.host,
    port: login.port,
    secure: login.tls === 'implicit',
    doSTARTTLS: login.tls === 'starttls' ? true : login.tls === 'none' ? false : undefined,
    auth: { user: login.username, pass: login.password },
    logger: false,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
  });
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
