import { z } from 'zod';
import { pageOf } from '../../shared/pagination.ts';
import { Id, Limit } from '../../shared/validators.ts';
import { Tags } from '../contacts/validators.ts';
import { IMPORT_FIELDS, IMPORT_FORMATS, IMPORT_STATUSES } from './schema.ts';

/** A form's yes/no field, as text. */
export const Flag = z
  .enum(['true', 'false', '1', '0', 'on', 'off'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'on');

/** A generic CSV's mapping: each header of the file to the field it fills. */
export const ImportMapping = z.record(
  z.string().max(200),
  z.enum(IMPORT_FIELDS, { error: `must be one of ${IMPORT_FIELDS.join(', ')}` }),
);

/**
 * The form fields of POST /api/imports beside the file, as text (multipart): `tags` is a comma-separated
 * list or a JSON array, `mapping` a JSON object.
 */
export const ImportFormInput = z.object({
  format: z.enum(IMPORT_FORMATS, { error: `must be one of ${IMPORT_FORMATS.join(', ')}` }).optional(),
  dryRun: Flag.default(false),
  ownerId: Id.optional(),
  tierId: Id.optional(),
  tags: z
    .string()
    .max(5000)
    .transform((text, ctx) => {
      if (!text.trim().startsWith('[')) return text.split(',').filter((t) => t.trim());
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a comma-separated list or a JSON array' });
        return z.NEVER;
      }
    })
    .pipe(Tags)
    .optional(),
  mapping: z
    .string()
    .max(20_000)
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON object of column → field' });
        return z.NEVER;
      }
    })
    .pipe(ImportMapping)
    .optional(),
});
export type ImportFormInput = z.output<typeof ImportFormInput>;

export const ImportErrorOutput = z.object({
  row: z.number().int().describe('1 is the first record under the header (or the first card)'),
  field: z.string(),
  message: z.string(),
});

export const ImportOutput = z.object({
  id: Id,
  status: z.enum(IMPORT_STATUSES),
  format: z.enum(IMPORT_FORMATS),
  fileName: z.string(),
  dryRun: z.boolean(),
  total: z.number().int().nullable().describe('Records in the file; null until it has been read through'),
  processed: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  errorCount: z.number().int(),
  errors: z.array(ImportErrorOutput).describe('The first errors, by row'),
  failure: z.string().nullable().describe('Why the whole file was refused; nothing was written'),
  notUndone: z
    .array(z.object({ contactId: Id, reason: z.string() }))
    .describe('After an undo: what it left as it was, and why'),
  decisions: z
    .array(
      z.object({
        row: z.number().int(),
        action: z.enum(['created', 'updated', 'skipped']),
        contactId: Id.nullable().describe('The existing contact the row matched; null for a new one'),
        name: z.string(),
        reason: z
          .string()
          .describe('Why, in words: "Matches Ada Lovelace by email ada@x.test; adds a phone"'),
      }),
    )
    .describe("A dry run's first 1,000 rows: what each would do, and why; empty for an import that ran"),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ImportOutput = z.infer<typeof ImportOutput>;

export const ImportSummaryOutput = ImportOutput.omit({ errors: true, notUndone: true, decisions: true });

export const ImportListQuery = z.object({ limit: Limit, cursor: z.string().max(500).optional() });

export const ImportPageOutput = pageOf(ImportSummaryOutput);

export const ImportCreatedOutput = z.object({ id: Id, jobId: Id, format: z.enum(IMPORT_FORMATS) });
