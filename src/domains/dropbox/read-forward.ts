import { SNIPPET_CHARS } from '../mailboxes/parse-message.ts';

/** The original message as a forward quotes it inline: who wrote it, when, about what, and its text. */
export type InlineForward = {
  from: string;
  name: string | null;
  to: string[];
  cc: string[];
  subject: string | null;
  /** Null when the quoted date cannot be read. */
  date: Date | null;
  snippet: string;
};

/**
 * The lines mail programs put before the quoted header block: Gmail's "---------- Forwarded message
 * ---------", Apple Mail's "Begin forwarded message:", Outlook's "-----Original Message-----" or a rule.
 */
const MARKERS = [
  /^[ \t>]*-{2,}\s*Forwarded message\s*-{2,}[ \t]*$/im,
  /^[ \t>]*Begin forwarded message:[ \t]*$/im,
  /^[ \t>]*-{2,}\s*Original Message\s*-{2,}[ \t]*$/im,
  /^[ \t>]*_{10,}[ \t]*$/m,
];
/** One line of a quoted header block ("From: …", "*Sent:* …"), possibly quoted with "> ". */
const HEADER = /^[ \t>]*\*?([A-Za-z][A-Za-z-]*)\*?:\*?[ \t]*(.*)$/;
const EMAIL = /[^\s<>[\]"'(),;:]+@[^\s<>[\]"'(),;:]+\.[a-z]{2,}/gi;

/** The addresses in a quoted header value ("Jane Doe <jane@x.com>", "Jane Doe [mailto:jane@x.com]"). */
function addressesIn(value: string): string[] {
  return [...new Set((value.match(EMAIL) ?? []).map((a) => a.replace(/^mailto:/i, '').toLowerCase()))];
}

/** The display name before the address, without quotes; null when there is none. */
function nameIn(value: string): string | null {
  const name = value.split(/[<[]/)[0]?.replace(/["']/g, '').trim();
  return name && !name.includes('@') ? name.slice(0, 200) : null;
}

/** A quoted date as mail programs write it ("Mon, Dec 7, 2026 at 10:00 AM"); null when unreadable or absurd. */
function dateIn(value: string, now: Date): Date | null {
  const date = new Date(value.replace(/\s+at\s+/i, ' ').replace(/\s*\(.*\)\s*$/, ''));
  const time = date.getTime();
  const isSane = !Number.isNaN(time) && date.getFullYear() >= 1990 && time < now.getTime() + 86_400_000;
  return isSane ? date : null;
}

/**
 * Finds the forwarded header block in a forward's text and reads the original From, To, Cc, Date (or
 * Outlook's Sent) and Subject, and the text after the block. Looks after the first marker line, else
 * (a "Fwd:" without one) from the first "From:" line. Null when no block with a From address is found.
 */
export function readInlineForward(options: { text: string; now?: Date }): InlineForward | null {
  const now = options.now ?? new Date();
  const text = options.text.replace(/\r\n/g, '\n');
  const starts = MARKERS.map((m) => text.search(m)).filter((i) => i >= 0);
  const lines = text.slice(starts.length > 0 ? Math.min(...starts) : 0).split('\n');
  const first = lines.findIndex((line) => /^[ \t>]*\*?From\*?:/i.test(line));
  if (first < 0) return null;
  const fields = new Map<string, string>();
  let end = first;
  for (; end < lines.length; end++) {
    const match = HEADER.exec(lines[end] ?? '');
    if (!match) break;
    const key = (match[1] ?? '').toLowerCase();
    if (!fields.has(key)) fields.set(key, match[2] ?? '');
  }
  const fromValue = fields.get('from') ?? '';
  const [from] = addressesIn(fromValue);
  if (!from) return null;
  const written = fields.get('date') ?? fields.get('sent');
  const body = lines
    .slice(end)
    .map((line) => line.replace(/^[ \t]*> ?/, ''))
    .join('\n')
    .trim();
  return {
    from,
    name: nameIn(fromValue),
    to: addressesIn(fields.get('to') ?? ''),
    cc: addressesIn(fields.get('cc') ?? ''),
    subject: fields.get('subject')?.trim().slice(0, 500) || null,
    date: written ? dateIn(written, now) : null,
    snippet: body.slice(0, SNIPPET_CHARS),
  };
}

/** Whether a subject says the message is a forward ("Fwd:", "Fw:", and German and French "WG:", "TR:"). */
export const isForwardSubject = (subject: string) => /^\s*(fwd?|wg|tr)\s*:/i.test(subject);
