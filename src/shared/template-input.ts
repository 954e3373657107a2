import { z } from 'zod';
// Installs the messages a person would write as Zod's defaults.
import './zod-messages.ts';

/**
 * A template's input: the API validates with it and the web app's template editor checks what is typed with
 * the same schema, so both refuse an unknown merge field in the same words.
 */

/** The merge fields a template may use, with what each one says in the editor's menu. */
export const MERGE_FIELDS = {
  'contact.firstName': "The contact's first name",
  'contact.lastName': "The contact's last name",
  'company.name': "The contact's company",
  'user.firstName': 'Your first name',
  'fact.latest': 'The newest personal fact about the contact',
  'content.title': "A content item's title (newsletters)",
  'content.url': "A content item's address (newsletters)",
} as const;
export type MergeField = keyof typeof MERGE_FIELDS;

/** One `{{ field }}` or `{{ field | "fallback" }}` tag. */
const TAG = /\{\{\s*([^{}|]*?)\s*(?:\|\s*"([^"]*)"\s*)?\}\}/g;

/** The merge fields a text names that Kith does not know, quoted as written. */
export function unknownFields(text: string): string[] {
  return [...text.matchAll(TAG)].map((m) => m[1] ?? '').filter((name) => !(name in MERGE_FIELDS));
}

const withKnownFields = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .superRefine((text, ctx) => {
      const unknown = unknownFields(text);
      if (unknown.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `uses an unknown field {{${unknown[0]}}}; use one of ${Object.keys(MERGE_FIELDS).join(', ')}`,
        });
      }
    });

export const TemplateInput = z.object({
  name: z.string().trim().min(1).max(200),
  subject: withKnownFields(500),
  body: withKnownFields(20_000),
});
export type TemplateInput = z.infer<typeof TemplateInput>;

export const TemplatePatchInput = TemplateInput.partial();
export type TemplatePatchInput = z.infer<typeof TemplatePatchInput>;
