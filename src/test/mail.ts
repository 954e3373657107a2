import { ImapFlow } from 'imapflow';
import type { Dovecot } from './dovecot.ts';

// Test mail: messages written as a mail client would, and delivered into a test Dovecot's folders.

export type Mail = {
  from: string;
  to: string;
  cc?: string;
  subject: string;
  /** The Message-ID, without angle brackets. */
  id: string;
  date: string;
  inReplyTo?: string;
  /** More header lines, such as `Auto-Submitted: auto-replied`. */
  extra?: string;
  body?: string;
};

/** A plain-text RFC 5322 message. */
export const rawMessage = (m: Mail) =>
  [
    `From: ${m.from}`,
    `To: ${m.to}`,
    ...(m.cc ? [`Cc: ${m.cc}`] : []),
    `Subject: ${m.subject}`,
    `Message-ID: <${m.id}>`,
    ...(m.inReplyTo ? [`In-Reply-To: <${m.inReplyTo}>`, `References: <${m.inReplyTo}>`] : []),
    `Date: ${m.date}`,
    ...(m.extra ? [m.extra] : []),
    'Content-Type: text/plain; charset=utf-8',
    '',
    m.body ?? `About ${m.subject}.`,
    '',
  ].join('\r\n');

/** Appends messages to a folder of a Dovecot user's mailbox. */
export async function deliver(
  dovecot: Dovecot,
  login: { user: string; pass: string },
  folder: string,
  mails: (Mail | string)[],
) {
  const client = new ImapFlow({
    host: dovecot.host,
    port: dovecot.port,
    secure: false,
    auth: login,
    logger: false,
  });
  await client.connect();
  for (const m of mails) await client.append(folder, typeof m === 'string' ? m : rawMessage(m));
  await client.logout();
}

/** A date `days` before now, as a Date header writes it. */
export const daysAgo = (days: number, now = Date.now()) => new Date(now - days * 86_400_000).toUTCString();
