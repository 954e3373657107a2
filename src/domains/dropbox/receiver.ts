import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerError } from 'smtp-server';
import type { Db } from '../../db/client.ts';
import { inTransaction } from '../../db/transaction.ts';
import { AppError } from '../../shared/errors.ts';
import { findDropboxOwner } from './dropbox.ts';
import { type DropboxOutcome, logDropboxMessage } from './log-message.ts';
import { readDropboxMessage } from './plan-message.ts';

/** The largest message taken: a forward with its attachments; only a snippet of its text is kept. */
export const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

/** What the receiver tells its caller about each message, without any address in it. */
export type ReceiverLog = {
  info: (fields: Record<string, unknown>, message: string) => void;
  warn: (fields: Record<string, unknown>, message: string) => void;
};

export type DropboxReceiver = { port: number; close: () => Promise<void> };

/** An SMTP reply to send instead of 250: 5xx is final (the sender bounces), 4xx asks it to retry. */
function reply(code: number, message: string): SMTPServerError {
  const error: SMTPServerError = new Error(message);
  error.responseCode = code;
  return error;
}

/** The local part of a dropbox address at our domain, or null for another domain. */
function tokenOf(address: string, domain: string): string | null {
  const at = address.lastIndexOf('@');
  if (at < 1 || address.slice(at + 1).toLowerCase() !== domain) return null;
  return address.slice(0, at).toLowerCase();
}

/** Reads the DATA stream, up to the size limit. */
async function readAll(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * Receives the dropbox's mail over SMTP (smtp-server) and logs it. Each transaction takes one dropbox
 * recipient: an unknown one is refused with 550 at RCPT, a second one is deferred with 452 (the sender
 * delivers it in a transaction of its own). When the DATA ends, the message is logged in one transaction
 * and 250 is answered only after it commits, so a failure makes the sender try again (451). A message the
 * dropbox will never log is answered 550 with the reason: mail not from the owner, or a forward whose
 * original sender cannot be found. No AUTH (the secret address is the credential) and no STARTTLS (the
 * bundled certificate is a public test one; put a TLS-terminating MTA in front to encrypt in transit).
 */
export async function startDropboxReceiver(options: {
  db: Db;
  port: number;
  host: string;
  domain: string;
  log: ReceiverLog;
  now?: () => Date;
}): Promise<DropboxReceiver> {
  const { db, log } = options;
  const domain = options.domain.toLowerCase();
  const clock = options.now ?? (() => new Date());

  async function onMessage(token: string, source: Buffer): Promise<DropboxOutcome> {
    const owner = await findDropboxOwner({ db, token });
    // The address was regenerated between RCPT and the end of DATA.
    if (!owner) throw reply(550, '5.1.1 No such dropbox');
    const now = clock();
    const read = await readDropboxMessage({ source, now });
    return inTransaction(db, (tx) => logDropboxMessage({ db: tx, owner, read, now }));
  }

  const server = new SMTPServer({
    name: domain,
    banner: 'Kith dropbox',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    disableReverseLookup: true,
    size: MAX_MESSAGE_BYTES,
    rejectOversized: true,
    logger: false,
    // An idle peer does not hold the server's shutdown for long; a message being logged finishes first.
    closeTimeout: 10_000,
    onRcptTo(address, session, callback) {
      const token = tokenOf(address.address, domain);
      if (session.envelope.rcptTo.length > 0) {
        callback(reply(452, '4.5.3 One dropbox per message; send the others separately'));
        return;
      }
      if (!token) {
        callback(reply(550, `5.1.2 This server takes mail only for @${domain}`));
        return;
      }
      findDropboxOwner({ db, token }).then(
        (owner) => callback(owner ? null : reply(550, '5.1.1 No such dropbox')),
        (error: unknown) => {
          log.warn({ err: error }, 'dropbox recipient lookup failed');
          callback(reply(451, '4.3.0 Try again later'));
        },
      );
    },
    onData(stream, session, callback) {
      const recipient = session.envelope.rcptTo[0]?.address ?? '';
      const token = tokenOf(recipient, domain) ?? '';
      readAll(stream)
        .then((source) => (stream.sizeExceeded ? null : onMessage(token, source)))
        .then(
          (outcome) => {
            if (!outcome) return callback(reply(552, '5.3.4 Message too big'));
            const kind = outcome.status === 'skipped' ? undefined : outcome.kind;
            log.info({ status: outcome.status, kind }, 'dropbox message');
            callback(null, outcome.status === 'skipped' ? 'Nothing to log' : 'Logged');
          },
          (error: unknown) => callback(refusal(error, log)),
        );
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => log.warn({ err: error }, 'dropbox receiver error'));
  const { port } = server.server.address() as AddressInfo;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The SMTP answer to a failed message: final for what the dropbox will never log, else try again. */
function refusal(error: unknown, log: ReceiverLog): SMTPServerError {
  if ((error as SMTPServerError).responseCode) return error as SMTPServerError;
  if (error instanceof AppError && error.code === 'forbidden') return reply(550, `5.7.1 ${error.message}`);
  if (error instanceof AppError && error.code === 'unprocessable')
    return reply(550, `5.6.0 ${error.message}`);
  log.warn({ err: error }, 'dropbox message not logged; the sender will retry');
  return reply(451, '4.3.0 Could not log this message now; try again later');
}
