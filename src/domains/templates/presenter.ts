import type { TemplateRow } from './templates.ts';
import type { TemplateOutput } from './validators.ts';

/** Picks the API fields of a template. */
export function presentTemplate(row: TemplateRow): TemplateOutput {
  return {
    id: row.id,
    name: row.name,
    subject: row.subject,
    body: row.body,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
