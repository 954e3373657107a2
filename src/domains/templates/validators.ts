import { z } from 'zod';
import { MERGE_FIELDS } from '../../shared/template-input.ts';
import { Id } from '../../shared/validators.ts';

export { TemplateInput, TemplatePatchInput } from '../../shared/template-input.ts';

const FIELD_NAMES = Object.keys(MERGE_FIELDS) as [
  keyof typeof MERGE_FIELDS,
  ...(keyof typeof MERGE_FIELDS)[],
];

export const TemplateOutput = z.object({
  id: Id,
  name: z.string(),
  subject: z.string(),
  body: z.string(),
  createdBy: Id.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TemplateOutput = z.infer<typeof TemplateOutput>;

export const TemplateListOutput = z.object({
  items: z.array(TemplateOutput),
  fields: z
    .array(z.object({ name: z.enum(FIELD_NAMES), description: z.string() }))
    .describe('The merge fields a template may use: {{name}} or {{name | "fallback"}}'),
});

export const PreviewInput = z.object({ contactId: Id });

/** A draft's preview: the editor shows unsaved text against a real contact. */
export const DraftPreviewInput = z.object({
  contactId: Id,
  subject: z.string().max(500),
  body: z.string().max(20_000),
});

export const PreviewOutput = z.object({
  subject: z.string(),
  body: z.string().describe('Plain text, as sent'),
  html: z.string().describe('The same as HTML, every value escaped'),
  missing: z
    .array(z.enum(FIELD_NAMES))
    .describe('Fields with no value for this contact and no fallback: a send refuses them'),
});
