import { type AddressObject, simpleParser } from 'mailparser';
import type { TouchSignals } from '../interactions/touch-rule.ts';

/** The most of a message's body kept: a text snippet, never HTML. */
export const SNIPPET_CHARS = 2000;

/** A message as sync logs it: who wrote to whom, when, about what, and what it says about itself. */
export type ParsedMessage = {
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  subject: string;
  date: Date;
  from: string[];
  to: string[];
  cc: string[];
  /** The display names the message gives its addresses. */
  names: Map<string, string>;
  snippet: string;
  signals: TouchSignals & { listUnsubscribe: boolean };
};

type Mailbox = { address: string; name: string };

const mailboxesOf = (value: AddressObject | AddressObject[] | undefined): Mailbox[] =>
  (Array.isArray(value) ? value : value ? [value] : [])
    .flatMap((a) => a.value)
    .flatMap((a) => [a, ...(a.group ?? [])])
    .filter((a) => Boolean(a.address))
    .map((a) => ({ address: (a.address ?? '').trim().toLowerCase(), name: (a.name ?? '').trim() }));

/** A header's raw value (unfolded), as the message wrote it; mailparser's own reading of some hides them. */
function rawHeader(lines: readonly { key: string; line: string }[], name: string): string | null {
  const found = lines.find((l) => l.key === name);
  return found
    ? found.line
        .slice(found.line.indexOf(':') + 1)
        .replace(/\r?\n[ \t]+/g, ' ')
        .trim()
    : null;
}

/** Whether a message's source holds its whole header: the blank line that ends it is there. */
export function headerFits(source: Buffer): boolean {
  return source.includes('\r\n\r\n') || source.includes('\n\n');
}

/** A date a message can honestly have: after 1990 and not more than a day ahead. */
function sane(date: Date | undefined, now: Date): date is Date {
  return (
    date instanceof Date &&
    !Number.isNaN(date.getTime()) &&
    date.getFullYear() >= 1990 &&
    date.getTime() < now.getTime() + 86_400_000
  );
}

/**
 * Reads a message (its first bytes are enough) with mailparser. The Date header gives when it happened,
 * else the server's INTERNALDATE when the header is missing or absurd. A message without a Message-ID
 * gets one from the folder and UID, so a re-read still finds it. Throws on what cannot be read at all.
 */
export async function parseMessage(options: {
  source: Buffer;
  internalDate: Date;
  fallbackId: string;
  now?: Date;
}): Promise<ParsedMessage> {
  // Only the text is kept: mailparser's HTML rendering of it (textAsHtml) would be thrown away.
  const mail = await simpleParser(options.source, {
    skipHtmlToText: false,
    skipImageLinks: true,
    skipTextLinks: true,
    skipTextToHtml: true,
  });
  const now = options.now ?? new Date();
  const text = (mail.text ?? '')
    .replace(/\r\n/g, '\n')
    .replace(/[ \t]+\n/g, '\n')
    .trim();
  const references = Array.isArray(mail.references)
    ? mail.references
    : mail.references
      ? [mail.references]
      : [];
  const lines = mail.headerLines;
  // The Date header as written: mailparser puts the time of parsing in place of one it cannot read.
  const written = rawHeader(lines, 'date');
  const date = written ? new Date(written) : undefined;
  const [from, to, cc] = [mail.from, mail.to, mail.cc].map(mailboxesOf) as [Mailbox[], Mailbox[], Mailbox[]];
  const names = new Map([...from, ...to, ...cc].filter((m) => m.name).map((m) => [m.address, m.name]));
  return {
    messageId: mail.messageId?.trim() || `<${options.fallbackId}@kith.sync>`,
    inReplyTo: mail.inReplyTo?.trim() || references.at(-1) || null,
    references,
    subject: (mail.subject ?? '').trim().slice(0, 500) || '(no subject)',
    date: sane(date, now) ? date : options.internalDate,
    from: from.map((m) => m.address),
    to: to.map((m) => m.address),
    cc: cc.map((m) => m.address),
    names,
    snippet: text.slice(0, SNIPPET_CHARS),
    signals: {
      autoSubmitted:
        rawHeader(lines, 'auto-submitted') ??
        (rawHeader(lines, 'x-autoreply') || rawHeader(lines, 'x-autorespond') ? 'auto-replied' : null),
      precedence: rawHeader(lines, 'precedence'),
      listId: rawHeader(lines, 'list-id'),
      listUnsubscribe: rawHeader(lines, 'list-unsubscribe') !== null,
    },
  };
}
