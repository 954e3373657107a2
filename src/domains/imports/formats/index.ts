import type { RawRecord } from '../record.ts';
import type { ImportField, ImportFormat } from '../schema.ts';
import { type CsvHead, csvRecords } from './csv.ts';
import { decodeText } from './text.ts';
import { vcardRecords } from './vcard.ts';

/** A record, or a row that could not be read at all (a broken card). */
export type ParsedRow = RawRecord | { row: number; error: string };

/** Whether text (the start of a file) is vCard rather than CSV. */
export function looksLikeVcard(start: string): boolean {
  return /^\uFEFF?\s*BEGIN:VCARD/i.test(start);
}

/**
 * A file's text, and whether it is vCard: what it says (BEGIN:VCARD), unless a format is given. Reads only
 * enough of the start to tell, however small the pieces; the text returned still holds that start.
 */
export async function openText(
  chunks: AsyncIterable<Uint8Array>,
  format: ImportFormat | null,
): Promise<{ isVcard: boolean; texts: AsyncIterable<string> }> {
  const texts = decodeText(chunks);
  let start = '';
  for (let next = await texts.next(); ; next = await texts.next()) {
    if (next.done) break;
    start += next.value;
    if (start.trimStart().length >= 16) break;
  }
  async function* all() {
    if (start) yield start;
    yield* texts;
  }
  return { isVcard: format === 'vcard' || (format === null && looksLikeVcard(start)), texts: all() };
}

/**
 * Reads a file's people in order, whatever its format: vCard when it says BEGIN:VCARD (or the format says
 * so), else CSV, whose header tells Google, Outlook and LinkedIn apart unless a format is given. A file that
 * cannot be read as a whole throws ImportFileError, possibly after some records: callers read the file
 * through once before writing anything.
 */
export async function* readRecords(options: {
  chunks: AsyncIterable<Uint8Array>;
  format: ImportFormat | null;
  mapping: Record<string, ImportField> | null;
  onHead?: (head: CsvHead | { format: 'vcard' }) => void;
}): AsyncGenerator<ParsedRow> {
  const { isVcard, texts } = await openText(options.chunks, options.format);
  if (isVcard) {
    options.onHead?.({ format: 'vcard' });
    yield* vcardRecords(texts);
    return;
  }
  const format = options.format === 'vcard' ? null : options.format;
  yield* csvRecords({ texts, format, mapping: options.mapping, onHead: options.onHead });
}
