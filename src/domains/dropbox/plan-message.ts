import { createHash } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { AppError } from '../../shared/errors.ts';
import type { Direction } from '../interactions/schema.ts';
import type { TouchSignals } from '../interactions/touch-rule.ts';
import { type ParsedMessage, parseMessage } from '../mailboxes/parse-message.ts';
import { isForwardSubject, readInlineForward } from './read-forward.ts';

/** What a dropbox message asks to log: one email, with whom, and the names the mail gives them. */
export type DropboxPlan = {
  kind: 'bcc' | 'forward';
  direction: Direction;
  /** The correspondents, lower case, before the team is left out. */
  people: string[];
  names: Map<string, string>;
  messageId: string;
  inReplyTo: string | null;
  subject: string;
  date: Date;
  snippet: string;
  signals: TouchSignals & { listUnsubscribe: boolean };
};

/** The outer message and what it carries, as the receiver got it. */
export type ReadMessage = {
  outer: ParsedMessage;
  /** The attached original of a forward sent "as attachment", parsed like any message. */
  attached: ParsedMessage | null;
  /** The whole text (not only the snippet), where an inline forward quotes the original's headers. */
  text: string;
};

const digest = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex').slice(0, 32);
const NO_SIGNALS = { autoSubmitted: null, precedence: null, listId: null, listUnsubscribe: false };
const stripForward = (subject: string) => subject.replace(/^\s*((fwd?|wg|tr)\s*:\s*)+/i, '') || subject;

/**
 * Parses a message the dropbox received with the sync's parser (mailboxes/parse-message.ts), and its
 * attached original when it forwards one as `message/rfc822`. A message without a Message-ID gets one from
 * a hash of its bytes, so the same bytes delivered twice are still logged once.
 */
export async function readDropboxMessage(options: { source: Buffer; now: Date }): Promise<ReadMessage> {
  const { source, now } = options;
  const outer = await parseMessage({
    source,
    internalDate: now,
    fallbackId: `dropbox-${digest(source)}`,
    now,
  });
  // Embedded messages are kept as attachments here, so an attached original is read on its own below.
  const mail = await simpleParser(source, {
    ignoreEmbedded: true,
    skipImageLinks: true,
    skipTextLinks: true,
    skipTextToHtml: true,
    checksumAlgo: false,
  });
  const part = mail.attachments.find((a) => a.contentType.toLowerCase() === 'message/rfc822');
  const attached = part
    ? await parseMessage({
        source: part.content,
        internalDate: outer.date,
        fallbackId: `dropbox-${digest(part.content)}`,
        now,
      })
    : null;
  return { outer, attached, text: mail.text ?? '' };
}

/**
 * Decides what a message from the dropbox's owner logs (the sender was checked before):
 * - a forward (an attached original, a "Fwd:" subject, or mail sent to the dropbox alone that quotes a
 *   forwarded header block) logs the original, inbound from its sender, at its date and subject; an
 *   original the owner wrote themselves logs outbound to its recipients;
 * - anything else was BCC'd: it logs outbound to its To and Cc.
 * A forward whose original sender cannot be found is refused (unprocessable), so the sender hears that
 * nothing was logged instead of the mail being logged against the wrong person.
 */
export function planDropboxMessage(options: {
  read: ReadMessage;
  own: Set<string>;
  isDropbox: (address: string) => boolean;
  now: Date;
}): DropboxPlan {
  const { read, own, isDropbox } = options;
  const { outer, attached } = read;
  const recipients = [...outer.to, ...outer.cc];
  const people = recipients.filter((a) => !isDropbox(a));
  // Sent to the dropbox alone: a forward. Copied to it beside others (a mail rule's Cc): a BCC, even when
  // the text quotes an earlier message's headers, as replies do.
  const sentToDropboxOnly = recipients.some(isDropbox) && people.length === 0;
  const isForward = isForwardSubject(outer.subject);
  const original = attached ?? (isForward || sentToDropboxOnly ? inline(read, options.now) : null);
  if (original) {
    const isOwn = original.from.some((a) => own.has(a));
    return {
      ...about(original),
      kind: 'forward',
      direction: isOwn ? 'out' : 'in',
      people: (isOwn ? [...original.to, ...original.cc] : original.from).filter((a) => !isDropbox(a)),
    };
  }
  if (isForward) {
    throw new AppError(
      'unprocessable',
      'Could not find who wrote the forwarded message (no attached original and no quoted From line); nothing was logged',
    );
  }
  if (sentToDropboxOnly) {
    throw new AppError(
      'unprocessable',
      'Nothing to log: forward a message to this address, or BCC it on mail to your contacts',
    );
  }
  return { ...about(outer), kind: 'bcc', direction: 'out', people };
}

/** What a plan keeps of a message, whichever way it was read. */
const about = (m: Original) => ({
  names: m.names,
  messageId: m.messageId,
  inReplyTo: m.inReplyTo,
  subject: m.subject,
  date: m.date,
  snippet: m.snippet,
  signals: m.signals,
});

type Original = Omit<DropboxPlan, 'kind' | 'direction' | 'people'> & {
  from: string[];
  to: string[];
  cc: string[];
};

/** The original quoted in the forward's text, or null; its date is the forward's when it cannot be read. */
function inline(read: ReadMessage, now: Date): Original | null {
  const quoted = readInlineForward({ text: read.text, now });
  if (!quoted) return null;
  const names = new Map(quoted.name ? [[quoted.from, quoted.name]] : []);
  return {
    from: [quoted.from],
    to: quoted.to,
    cc: quoted.cc,
    names,
    // The original's own Message-ID is not quoted; the forward's is the only stable id there is.
    messageId: read.outer.messageId,
    inReplyTo: null,
    subject: quoted.subject ?? stripForward(read.outer.subject),
    date: quoted.date ?? read.outer.date,
    snippet: quoted.snippet,
    signals: NO_SIGNALS,
  };
}
