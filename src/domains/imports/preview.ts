import { z } from 'zod';
import { refusedFile } from './create-import.ts';
import { type CsvHead, csvTable, headProblem, recordOfRow } from './formats/csv.ts';
import { openText } from './formats/index.ts';
import { ImportFileError } from './formats/text.ts';
import { vcardRecords } from './formats/vcard.ts';
import type { RawRecord } from './record.ts';
import { IMPORT_FIELDS, IMPORT_FORMATS, type ImportField, type ImportFormat } from './schema.ts';
import { Flag, ImportFormInput } from './validators.ts';

/** How many records a preview shows. */
export const PREVIEW_ROWS = 5;

/** The most of a file a preview reads (the web app sends its first 256 KB); the rest is dropped unread. */
export const PREVIEW_MAX_BYTES = 1024 * 1024;

/** What a column can fill, with the words the Import page shows for it. */
const FIELD_LABELS: Record<Exclude<ImportField, 'ignore'>, string> = {
  name: 'Full name',
  firstName: 'First name',
  lastName: 'Last name',
  email: 'Email',
  phone: 'Phone',
  company: 'Company',
  title: 'Job title',
  linkedinUrl: 'LinkedIn profile',
  birthday: 'Birthday',
  note: 'Note',
  tags: 'Tags',
};

const MappedField = z.enum(IMPORT_FIELDS).exclude(['ignore']);

/** The form fields of POST /api/imports/preview beside the file, as text (multipart). */
export const ImportPreviewInput = ImportFormInput.pick({ format: true, mapping: true }).extend({
  partial: Flag.default(false),
});
export type ImportPreviewInput = z.output<typeof ImportPreviewInput>;

const PreviewPerson = z.object({
  fullName: z.string().nullable(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  emails: z.array(z.string()),
  phones: z.array(z.object({ label: z.string().nullable(), number: z.string() })),
  company: z.string().nullable(),
  title: z.string().nullable(),
  linkedinUrl: z.string().nullable(),
  birthday: z.string().nullable(),
  notes: z.array(z.string()),
  tags: z.array(z.string()),
});

export const ImportPreviewOutput = z.object({
  format: z.enum(IMPORT_FORMATS).describe('The format given, else the one detected'),
  columns: z
    .array(
      z.object({
        header: z.string(),
        field: MappedField.nullable().describe('The field this column fills; null when it is ignored'),
      }),
    )
    .nullable()
    .describe("A CSV's columns in order; null for vCard, whose fields are fixed"),
  rows: z
    .array(
      z.object({
        row: z.number().int().describe('1 is the first record under the header (or the first card)'),
        cells: z.array(z.string()).nullable().describe("A CSV row's cells, by column; null for vCard"),
        person: PreviewPerson.nullable().describe('The record as the import reads it, before it checks it'),
        error: z.string().nullable().describe('Why a card cannot be read'),
      }),
    )
    .describe('The first records of the file'),
  problem: z
    .string()
    .nullable()
    .describe('Why the import would refuse the file as its columns map now, such as no name or email column'),
  fields: z.array(z.object({ value: MappedField, label: z.string() })).describe('What a column can fill'),
});
export type ImportPreviewOutput = z.infer<typeof ImportPreviewOutput>;

/**
 * The start of a larger file up to its last line break, so its last line is whole: a CSV parser that meets
 * a record cut in half at the end refuses the whole text, and the rows it read with it.
 */
async function* wholeLines(file: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const pieces: Uint8Array[] = [];
  for await (const piece of file) pieces.push(piece);
  const bytes = Buffer.concat(pieces);
  const isUtf16 = bytes[0] === 0xff && bytes[1] === 0xfe;
  const lastBreak = bytes.lastIndexOf(0x0a);
  yield lastBreak < 0 ? bytes : bytes.subarray(0, lastBreak + (isUtf16 ? 2 : 1));
}

type PreviewRow = { row: number; cells: string[] | null; record: RawRecord | null; error: string | null };

/** A preview as read: the format, a CSV's header and column plan, the first records. */
export type ImportPreview = { format: ImportFormat; head: CsvHead | null; rows: PreviewRow[] };

/**
 * Reads the start of a file as the import would, and writes nothing: its format, how a CSV's columns map
 * (under the format and mapping given), and its first records. A file the import would refuse as a whole
 * is refused the same way (a 400 naming `body.file`), except that a header naming no name or email column
 * is only reported, so the columns can be mapped. When `isPartial` (the start of a larger file), a record
 * cut off at the end is not an error.
 */
export async function previewImport(options: {
  file: AsyncIterable<Uint8Array>;
  format: ImportFormat | null;
  mapping: Record<string, ImportField> | null;
  isPartial: boolean;
}): Promise<ImportPreview> {
  let head = null as CsvHead | null;
  let isVcard = options.format === 'vcard';
  let isAllRead = false;
  async function* watched() {
    yield* options.isPartial ? wholeLines(options.file) : options.file;
    isAllRead = true;
  }
  const rows: PreviewRow[] = [];
  try {
    const opened = await openText(watched(), options.format);
    isVcard = opened.isVcard;
    if (isVcard) {
      for await (const r of vcardRecords(opened.texts)) {
        const isBroken = 'error' in r;
        rows.push({ row: r.row, cells: null, record: isBroken ? null : r, error: isBroken ? r.error : null });
        if (rows.length >= PREVIEW_ROWS) break;
      }
    } else {
      const format = options.format === 'vcard' ? null : options.format;
      const onHead = (found: CsvHead) => {
        head = found;
      };
      for await (const cells of csvTable({ texts: opened.texts, format, mapping: options.mapping, onHead })) {
        const row = rows.length + 1;
        rows.push({ row, cells, record: recordOfRow(row, cells, head?.plan ?? []), error: null });
        if (rows.length >= PREVIEW_ROWS) break;
      }
    }
  } catch (error) {
    if (!(error instanceof ImportFileError)) throw error;
    // Cutting a file short can leave a quote or a card open at its very end; nothing else is excused.
    const isCutShort = options.isPartial && isAllRead && (isVcard || head !== null);
    if (!isCutShort) throw refusedFile(error);
  }
  if (rows.length === 0 && !options.isPartial) {
    const message = isVcard ? 'The file has no cards.' : 'The file has a header but no contacts under it.';
    throw refusedFile(new ImportFileError(message));
  }
  return { format: isVcard ? 'vcard' : (head?.format ?? 'csv'), head, rows };
}

const presentPerson = (r: RawRecord): z.infer<typeof PreviewPerson> => ({
  fullName: r.fullName ?? null,
  firstName: r.firstName ?? null,
  lastName: r.lastName ?? null,
  emails: r.emails,
  phones: r.phones,
  company: r.company ?? null,
  title: r.title ?? null,
  linkedinUrl: r.linkedinUrl ?? null,
  birthday: r.birthday ?? null,
  notes: r.notes,
  tags: r.tags,
});

/** Picks the API fields of a preview: each column with the field it fills, and the fields to choose from. */
export function presentPreview(preview: ImportPreview): ImportPreviewOutput {
  const { head } = preview;
  return {
    format: preview.format,
    columns:
      head?.header.map((header, index) => ({
        header,
        field: head.plan.find((c) => c.index === index)?.field ?? null,
      })) ?? null,
    rows: preview.rows.map((r) => ({
      row: r.row,
      cells: r.cells,
      person: r.record ? presentPerson(r.record) : null,
      error: r.error,
    })),
    problem: head ? headProblem(head) : null,
    fields: Object.entries(FIELD_LABELS).map(([value, label]) => ({
      value: value as Exclude<ImportField, 'ignore'>,
      label,
    })),
  };
}
