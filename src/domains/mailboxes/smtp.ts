import nodemailer from 'nodemailer';
import type { mailboxes } from './schema.ts';
import { type SealKey, unseal } from './secret.ts';

// The one place Kith opens SMTP connections (the outbox rule allows it: server/outbox-rule.test.ts): the
// outbox's send job, after the transaction that queued the email commits, and the check of a mailbox's
// settings before they are saved.

type Tls = NonNullable<(typeof mailboxes.$inferSelect)['smtpTls']>;

/** Where an SMTP server is, and who signs in (no one, for a relay that takes mail without). */
export type SmtpLogin = {
  host: string;
  port: number;
  tls: Tls;
  username: string | null;
  password: string | null;
};

/** What a check of SMTP settings found wrong, with the input field to fix. */
export type SmtpProblem = {
  field: 'body.smtp.host' | 'body.smtp.password' | 'body.smtp.tls';
  message: string;
};

/** A mailbox's SMTP login with its password opened, or null for a mailbox that only reads. */
export function smtpLoginOf(mailbox: typeof mailboxes.$inferSelect, key: SealKey): SmtpLogin | null {
  const { smtpHost: host, smtpPort: port, smtpTls: tls } = mailbox;
  if (!host || !port || !tls) return null;
  const password = mailbox.smtpPasswordSealed ? unseal(key, mailbox.smtpPasswordSealed) : null;
  return { host, port, tls, username: mailbox.smtpUsername, password };
}

/** A nodemailer transport for one login; one connection, closed by the caller. */
export function smtpTransport(login: SmtpLogin) {
  return nodemailer.createTransport({
    host: login.host,
    port: login.port,
    secure: login.tls === 'implicit',
    requireTLS: login.tls === 'starttls',
    ignoreTLS: login.tls === 'none',
    auth: login.username ? { user: login.username, pass: login.password ?? '' } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 60_000,
  });
}

/**
 * Connects and signs in once, answering what went wrong in words a person can act on (each a predicate of
 * the field's name), or null when the server took the login.
 */
export async function checkSmtpLogin(login: SmtpLogin): Promise<SmtpProblem | null> {
  const transport = smtpTransport(login);
  const where = `${login.host}:${login.port}`;
  try {
    await transport.verify();
    return null;
  } catch (error) {
    const e = error as { code?: string; message?: string; responseCode?: number };
    const code = e.code ?? '';
    if (code === 'EAUTH' || e.responseCode === 535) {
      return { field: 'body.smtp.password', message: `was refused by ${where} with this username` };
    }
    if (code === 'EDNS' || /ENOTFOUND|EAI_AGAIN/.test(e.message ?? '')) {
      return { field: 'body.smtp.host', message: `does not exist: no server is named ${login.host}` };
    }
    if (/ECONNREFUSED|EHOSTUNREACH|ENETUNREACH/.test(e.message ?? '')) {
      return { field: 'body.smtp.host', message: `does not answer on port ${login.port}` };
    }
    if (code === 'ETIMEDOUT') {
      return { field: 'body.smtp.host', message: `did not answer on port ${login.port} in time` };
    }
    if (code === 'ETLS' || /ssl|tls|certificate|self[- ]signed|wrong version/i.test(e.message ?? '')) {
      return {
        field: 'body.smtp.tls',
        message: `does not match ${where}: the secure connection failed (${e.message ?? code}); check the port too`,
      };
    }
    return { field: 'body.smtp.host', message: `could not be used at ${where}: ${e.message ?? code}` };
  } finally {
    transport.close();
  }
}
