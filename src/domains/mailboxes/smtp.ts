import { performance } from 'node:perf_hooks';
import { Transform } from 'node:stream';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
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

/** A nodemailer transport for one login; one connection, closed by the caller. No wait is longer than `maxWaitMs`. */
export function smtpTransport(login: SmtpLogin, maxWaitMs = 60_000) {
  const wait = (ms: number) => Math.max(1, Math.min(ms, Math.floor(maxWaitMs)));
  return nodemailer.createTransport({
    host: login.host,
    port: login.port,
    secure: login.tls === 'implicit',
    requireTLS: login.tls === 'starttls',
    ignoreTLS: login.tls === 'none',
    auth: login.username ? { user: login.username, pass: login.password ?? '' } : undefined,
    connectionTimeout: wait(10_000),
    greetingTimeout: wait(10_000),
    socketTimeout: wait(60_000),
  });
}

/**
 * How a bounded send ended: the server accepted it; refused it with a reply (4xx or 5xx: it does not have
 * it); or it failed without a reply, either before the whole message was handed over (`not-sent`: the server
 * cannot have it) or after (`unsure`: it may have accepted it).
 */
export type SendResult =
  | { state: 'accepted'; reply: string }
  | { state: 'refused'; code: number; reply: string }
  | { state: 'not-sent' | 'unsure'; reply: string };

/**
 * Sends one message, all of it over by `deadline` (a performance.now() time): every wait is shorter than
 * what is left, the connection is cut at the deadline, and the end of the message (after which the server
 * has it) is let through to the connection only if the deadline has not passed at that moment, so a process
 * that was paused or stalled past it does not complete a hand-over late.
 */
export async function sendWithin(options: {
  login: SmtpLogin;
  message: Mail.Options;
  deadline: number;
}): Promise<SendResult> {
  const left = () => options.deadline - performance.now();
  if (left() <= 0) return { state: 'not-sent', reply: 'no time was left in this attempt' };
  let isWhollyWritten = false;
  // The last stage of the message, holding nothing ahead of its reader (the DATA stream, piped once the
  // server said 354): its flush runs as the message's end is taken, and the end of DATA follows it.
  const gate = new Transform({
    readableHighWaterMark: 0,
    transform: (chunk, _encoding, callback) => callback(null, chunk),
    flush: (callback) => {
      if (left() <= 0) return callback(new Error('the attempt ran out of time before the end of DATA'));
      isWhollyWritten = true;
      callback();
    },
  });
  const transport = smtpTransport(options.login, left());
  transport.use('stream', (mail, done) => {
    mail.message.processFunc((input) => {
      input.on('error', (error) => gate.destroy(error));
      return input.pipe(gate);
    });
    done();
  });
  const cut = new AbortController();
  const timer = setTimeout(() => cut.abort(new Error('the attempt ran out of time')), left());
  try {
    const info = await transport.sendMail({ ...options.message, signal: cut.signal });
    return { state: 'accepted', reply: String(info.response ?? 'accepted') };
  } catch (error) {
    const e = error as { responseCode?: number; response?: string; message?: string };
    const reply = (e.response ?? e.message ?? String(error)).slice(0, 1000);
    if (e.responseCode && e.responseCode >= 400) return { state: 'refused', code: e.responseCode, reply };
    return { state: isWhollyWritten ? 'unsure' : 'not-sent', reply };
  } finally {
    clearTimeout(timer);
    transport.close();
  }
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
