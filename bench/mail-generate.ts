// Generates a mailbox for bench/mail-sync.ts: N messages in INBOX and Sent among a few thousand contacts,
// with bodies of 1 to 3 KB (some also as HTML), replies that quote earlier subjects and ids, auto-replies,
// list mail and strangers, the way a seller's mailbox looks. Seeded, so every run reads the same mail.

import { createRandom, type Random } from '../src/domains/demo/random.ts';
import type { StoredMessage } from '../src/test/maildir.ts';

export const MAIL_SEED = 7;

/** The address of contact i: one company domain per 8 people. */
export const contactAddress = (i: number) => `person${i}@company${Math.floor(i / 8)}.test`;

export type GeneratedMailbox = {
  /** Messages per folder, in the order Dovecot will number them. */
  folders: Record<'INBOX' | 'Sent', StoredMessage[]>;
  /** Messages with at least one contact in From, To or Cc: those sync logs. */
  withContact: number;
  bytes: number;
};

const WORDS = (
  'pricing proposal contract renewal meeting call next week quarter budget team review demo trial ' +
  'onboarding invoice thanks again follow up question details agenda timeline launch feedback the a ' +
  'we you our your to of and for on with about please let me know if this works would could schedule'
).split(' ');

function paragraph(random: Random, bytes: number): string {
  const words: string[] = [];
  let length = 0;
  while (length < bytes) {
    const word = random.pick(WORDS);
    words.push(word);
    length += word.length + 1;
  }
  // Lines of about 72 characters, as mail clients wrap them.
  return words.join(' ').replace(/(.{1,72})(\s|$)/g, '$1\r\n');
}

function body(random: Random, text: string): string[] {
  if (!random.chance(0.3)) return ['Content-Type: text/plain; charset=utf-8', '', text];
  const boundary = `b${random.hex8()}`;
  const html = `<html><body><p>${text.replace(/\r\n/g, '<br>')}</p></body></html>`;
  return [
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    text,
    `--${boundary}`,
    'Content-Type: text/html; charset=utf-8',
    '',
    html,
    `--${boundary}--`,
  ];
}

/**
 * N messages, about two thirds received and one third sent, over the last 300 days: most between the user
 * and one or two contacts (a quarter with another in Cc, a third of them replies), and in the INBOX some
 * auto-replies from contacts, list mail and mail from strangers (those have no contact: skipped).
 */
export function generateMailbox(options: { messages: number; contacts: number; user: string }) {
  const random = createRandom(MAIL_SEED);
  const out: GeneratedMailbox = { folders: { INBOX: [], Sent: [] }, withContact: 0, bytes: 0 };
  const earlier: { id: string; subject: string }[] = [];
  const start = Date.now() - 300 * 86_400_000;
  const step = (300 * 86_400_000) / options.messages;
  const contact = () => contactAddress(random.int(0, options.contacts - 1));
  for (let i = 0; i < options.messages; i++) {
    const date = new Date(start + i * step);
    const sent = random.chance(0.35);
    const kind = sent ? 'person' : random.weighted({ person: 80, stranger: 8, list: 7, auto: 5 });
    const id = `<${i}.${random.hex8()}@${sent ? 'kith.test' : 'mail.test'}>`;
    const headers: string[] = [];
    const reply =
      kind === 'person' && earlier.length > 0 && random.chance(0.33) ? random.pick(earlier) : null;
    let subject = reply ? `Re: ${reply.subject.replace(/^Re: /, '')}` : `${random.pick(WORDS)} ${i}`;
    const other = kind === 'stranger' ? `someone${i}@elsewhere.test` : contact();
    if (kind === 'list') {
      headers.push(`From: News <news@list${i % 5}.vendor.test>`, `To: ${options.user}`);
      headers.push(`List-Id: <news.list${i % 5}.vendor.test>`, 'Precedence: list');
      headers.push(`List-Unsubscribe: <mailto:leave@list${i % 5}.vendor.test>`);
    } else if (sent) {
      headers.push(`From: Bench User <${options.user}>`, `To: ${other}`);
    } else headers.push(`From: ${other}`, `To: ${options.user}`);
    if (kind === 'auto') {
      subject = `Automatic reply: ${subject}`;
      headers.push('Auto-Submitted: auto-replied');
    }
    if (kind === 'person' && random.chance(0.25)) headers.push(`Cc: ${contact()}`);
    headers.push(`Subject: ${subject}`, `Message-ID: ${id}`, `Date: ${date.toUTCString()}`);
    if (reply) headers.push(`In-Reply-To: ${reply.id}`, `References: ${reply.id}`);
    const raw = [...headers, ...body(random, paragraph(random, random.int(1000, 3000))), ''].join('\r\n');
    (sent ? out.folders.Sent : out.folders.INBOX).push({ raw, receivedAt: date });
    if (kind !== 'stranger' && kind !== 'list') out.withContact++;
    out.bytes += raw.length;
    earlier.push({ id, subject });
    if (earlier.length > 200) earlier.shift();
  }
  return out;
}
