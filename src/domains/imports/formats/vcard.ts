import ICAL from 'ical.js';
import iconv from 'iconv-lite';
import libqp from 'libqp';
import { emptyRecord, type RawRecord } from '../record.ts';
import { ImportFileError, splitLines } from './text.ts';

/** The most lines one card may have; a card that never ends is not a contact. */
const MAX_CARD_LINES = 10_000;

/**
 * The cards of a vCard file, each as its own text, read line by line so a file of any size streams. Only
 * BEGIN:VCARD / END:VCARD are looked at here; ical.js parses each card.
 */
async function* cardTexts(texts: AsyncIterable<string>): AsyncGenerator<string> {
  let lines: string[] | null = null;
  let sawCard = false;
  for await (const line of splitLines(texts)) {
    if (/^BEGIN:VCARD\s*$/i.test(line)) {
      lines = [line];
      sawCard = true;
    } else if (lines) {
      lines.push(line);
      if (/^END:VCARD\s*$/i.test(line)) {
        yield lines.join('\r\n');
        lines = null;
      } else if (lines.length > MAX_CARD_LINES) {
        throw new ImportFileError(`A card has more than ${MAX_CARD_LINES} lines without END:VCARD.`);
      }
    } else if (line.trim() && !sawCard) {
      throw new ImportFileError('The file is not a vCard file: it does not start with BEGIN:VCARD.');
    }
  }
  if (lines) throw new ImportFileError('The last card has no END:VCARD: the file is cut short.');
  if (!sawCard) throw new ImportFileError('The file has no cards (BEGIN:VCARD).');
}

/**
 * vCard 2.1 says things ical.js (vCard 3.0 and 4.0) does not read: bare parameters (TEL;CELL), and values in
 * QUOTED-PRINTABLE with a CHARSET, whose soft line breaks end a line with "=". This rewrites such a card as
 * 3.0: parameters become TYPE=, values are decoded (libqp, then iconv-lite for the charset) and escaped.
 * Photos are dropped: the import does not take them.
 */
export function card21To30(card: string): string {
  const raw = card.split(/\r?\n/);
  const lines: string[] = [];
  for (const line of raw) {
    const last = lines.at(-1);
    if (last !== undefined && /QUOTED-PRINTABLE/i.test(last.split(':')[0] ?? '') && last.endsWith('=')) {
      lines[lines.length - 1] = last.slice(0, -1) + line.trimStart();
    } else if (last !== undefined && /^[ \t]/.test(line)) {
      lines[lines.length - 1] = last + line.slice(1);
    } else lines.push(line);
  }
  return lines
    .filter((line) => !/^PHOTO[;:]/i.test(line) && line.trim())
    .map((line) => {
      const colon = line.indexOf(':');
      if (colon < 0) return line;
      const [name = '', ...params] = line.slice(0, colon).split(';');
      let value = line.slice(colon + 1);
      if (/^VERSION$/i.test(name)) return 'VERSION:3.0';
      let charset = 'utf-8';
      let isQp = false;
      const kept: string[] = [];
      for (const param of params) {
        const [key = '', val] = param.includes('=') ? param.split('=', 2) : ['TYPE', param];
        if (/^ENCODING$/i.test(key)) isQp = /QUOTED-PRINTABLE/i.test(val ?? '');
        else if (/^CHARSET$/i.test(key)) charset = val ?? charset;
        else kept.push(`${key.toUpperCase()}=${val}`);
      }
      if (isQp) {
        const bytes = libqp.decode(value);
        const text = iconv.encodingExists(charset) ? iconv.decode(bytes, charset) : bytes.toString('utf8');
        // Structured values keep their ";" separators; other specials are escaped as vCard 3.0 wants.
        value = text.replace(/\\/g, '\\\\').replace(/\r?\n/g, '\\n').replace(/,/g, '\\,');
      }
      return `${[name, ...kept].join(';')}:${value}`;
    })
    .join('\r\n');
}

type Jcard = ReturnType<typeof ICAL.parse>;

const textOf = (value: unknown): string => (Array.isArray(value) ? value.join(' ') : String(value ?? ''));

/** Fills a raw record from one parsed card (N, FN, ORG, TITLE, EMAIL, TEL, BDAY, NOTE, CATEGORIES). */
function recordOfCard(row: number, jcard: Jcard): RawRecord {
  const card = new ICAL.Component(jcard as unknown as unknown[]);
  const record = emptyRecord(row);
  const n = card.getFirstPropertyValue('n');
  if (Array.isArray(n)) {
    record.lastName = textOf(n[0]);
    record.firstName = [n[1], n[2]].map(textOf).filter(Boolean).join(' ');
  }
  record.fullName = textOf(card.getFirstPropertyValue('fn')) || undefined;
  const org = card.getFirstPropertyValue('org');
  record.company = (Array.isArray(org) ? textOf(org[0]) : textOf(org)) || undefined;
  record.title = textOf(card.getFirstPropertyValue('title')) || undefined;
  for (const p of card.getAllProperties('email')) record.emails.push(textOf(p.getFirstValue()));
  for (const p of card.getAllProperties('tel')) {
    const type = p.getParameter('type');
    const label = (Array.isArray(type) ? type : type ? [type] : []).find((t) => !/^(voice|pref)$/i.test(t));
    record.phones.push({ label: label ?? null, number: textOf(p.getFirstValue()).replace(/^tel:/i, '') });
  }
  const bday = card.getFirstPropertyValue('bday');
  if (bday) record.birthday = String(bday);
  // vCard 4 SOCIALPROFILE (RFC 9554), or the X-SOCIALPROFILE of 3.0 writers, whose value names LinkedIn.
  const profiles = [...card.getAllProperties('socialprofile'), ...card.getAllProperties('x-socialprofile')];
  record.linkedinUrl = profiles.map((p) => textOf(p.getFirstValue())).find((v) => /linkedin\./i.test(v));
  for (const p of card.getAllProperties('note')) record.notes.push(textOf(p.getFirstValue()));
  for (const p of card.getAllProperties('categories')) record.tags.push(...p.getValues().map(textOf));
  return record;
}

/** The people of a vCard file (2.1, 3.0 or 4.0, several cards), one raw record per card, in file order. */
export async function* vcardRecords(
  texts: AsyncIterable<string>,
): AsyncGenerator<RawRecord | { row: number; error: string }> {
  let row = 0;
  for await (const text of cardTexts(texts)) {
    row++;
    const card = /^VERSION:\s*2\.1\s*$/im.test(text) ? card21To30(text) : text;
    try {
      const parsed = ICAL.parse(card);
      const jcard = (Array.isArray(parsed[0]) ? parsed[0] : parsed) as Jcard;
      yield recordOfCard(row, jcard);
    } catch (error) {
      yield {
        row,
        error: `this card cannot be read: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  }
}
