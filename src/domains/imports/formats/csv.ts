import { once } from 'node:events';
import { CsvError, parse } from 'csv-parse';
import { emptyRecord, type RawRecord } from '../record.ts';
import type { ImportField, ImportFormat } from '../schema.ts';
import { type ColumnPlan, detectCsvFormat, isKnownHeader, isLinkedInHeader, planColumns } from './columns.ts';
import { ImportFileError, lineTooLong, MAX_LINE_CHARS } from './text.ts';

/** LinkedIn puts a few lines of notes above its header; look this far for it. */
const MAX_PREAMBLE_RECORDS = 10;

/** A CSV's header as found, the format it says, and how its columns map. */
export type CsvHead = { header: string[]; format: ImportFormat; plan: ColumnPlan[] };

/** CSV records (arrays of cells) from text, parsed by csv-parse as the text streams in. */
async function* csvRows(texts: AsyncIterable<string>): AsyncGenerator<string[]> {
  const parser = parse({
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: MAX_LINE_CHARS,
    bom: true,
  });
  const stop = new AbortController();
  const feed = (async () => {
    for await (const text of texts) {
      if (!parser.write(text)) await once(parser, 'drain', { signal: stop.signal });
    }
    parser.end();
  })().catch((error: unknown) => {
    if (!stop.signal.aborted) parser.destroy(error as Error);
  });
  try {
    for await (const record of parser) yield record as string[];
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    if (error instanceof CsvError) {
      if (error.code === 'CSV_MAX_RECORD_SIZE') throw lineTooLong(Number(error.lines ?? 0));
      throw new ImportFileError(`The file is not valid CSV: ${error.message}`);
    }
    throw error;
  } finally {
    // Stops the feed when the reader leaves early (an error, or a caller that read enough).
    stop.abort();
    await feed;
  }
}

const split = (value: string, separator: ColumnPlan['separator']) =>
  separator ? value.split(separator).map((v) => v.trim()) : [value];

/** Fills a raw record from one CSV row by the column plan. */
export function recordOfRow(row: number, cells: string[], plan: ColumnPlan[]): RawRecord {
  const record = emptyRecord(row);
  for (const column of plan) {
    const value = cells[column.index]?.trim();
    if (!value) continue;
    const label =
      column.label ?? (column.labelIndex === undefined ? null : (cells[column.labelIndex] ?? null));
    switch (column.field) {
      case 'email':
        record.emails.push(...split(value, column.separator ?? /[;,]\s*|\s+:::\s+/));
        break;
      case 'phone': {
        const labels = column.labelPerValue && label !== null ? split(label, column.separator) : null;
        split(value, column.separator).forEach((number, i) => {
          const own = labels ? (labels[i] ?? null) : label;
          record.phones.push({ label: own?.replace(/^\*\s*/, '') || null, number });
        });
        break;
      }
      case 'tags':
        // Google's system groups ("* myContacts", "* starred") are not the user's labels.
        record.tags.push(...split(value, column.separator).filter((t) => t && !t.startsWith('* ')));
        break;
      case 'note':
        record.notes.push(...split(value, column.separator).filter((n) => n));
        break;
      case 'birthday':
        // Outlook writes 0/0/00 for "no birthday".
        if (!/^0\/0\/0+$/.test(value)) record.birthday = value;
        break;
      case 'name':
        record.fullName = value;
        break;
      default:
        record[column.field] = value;
    }
  }
  return record;
}

/** Why a header cannot be imported as it maps (no column holds a name or an email), or null. */
export function headProblem(head: CsvHead): string | null {
  if (head.plan.some((c) => ['name', 'firstName', 'lastName', 'email'].includes(c.field))) return null;
  return `No column of the header holds a name or an email address (columns: ${head.header.slice(0, 12).join(', ')}). Map the columns and try again.`;
}

/**
 * A CSV file's rows under its header, as cells, in file order. The header is the first record (for
 * LinkedIn, the first that names First Name and Last Name); `onHead` hears it before the first row.
 */
export async function* csvTable(options: {
  texts: AsyncIterable<string>;
  format: ImportFormat | null;
  mapping: Record<string, ImportField> | null;
  onHead: (head: CsvHead) => void;
}): AsyncGenerator<string[]> {
  let isHeadFound = false;
  let seen = 0;
  for await (const cells of csvRows(options.texts)) {
    seen++;
    if (isHeadFound) {
      yield cells;
      continue;
    }
    // LinkedIn's note lines are one cell each; a one-column CSV's header names a field.
    const isNote = cells.length === 1 && !isKnownHeader(cells[0] ?? '');
    if (isNote && seen < MAX_PREAMBLE_RECORDS) continue;
    const format = options.format ?? detectCsvFormat(cells);
    if (format === 'linkedin' && !isLinkedInHeader(cells)) {
      if (seen < MAX_PREAMBLE_RECORDS) continue;
      throw new ImportFileError(
        'No LinkedIn header (First Name, Last Name, …) in the first lines of the file.',
      );
    }
    isHeadFound = true;
    options.onHead({ header: cells, format, plan: planColumns(format, cells, options.mapping) });
  }
  if (!isHeadFound) throw new ImportFileError('The file has no header row.');
}

/**
 * The people of a CSV file, one raw record each, in file order; `onHead` hears the header before the
 * first record. A header that maps no name or email column refuses the file.
 */
export async function* csvRecords(options: {
  texts: AsyncIterable<string>;
  format: ImportFormat | null;
  mapping: Record<string, ImportField> | null;
  onHead?: (head: CsvHead) => void;
}): AsyncGenerator<RawRecord> {
  let plan: ColumnPlan[] = [];
  const onHead = (head: CsvHead) => {
    const problem = headProblem(head);
    if (problem) throw new ImportFileError(problem);
    plan = head.plan;
    options.onHead?.(head);
  };
  let row = 0;
  for await (const cells of csvTable({ ...options, onHead })) {
    row++;
    yield recordOfRow(row, cells, plan);
  }
}
