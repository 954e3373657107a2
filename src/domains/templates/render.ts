import Mustache from 'mustache';
import { AppError } from '../../shared/errors.ts';
import type { MergeField } from '../../shared/template-input.ts';

/** What the merge fields say for one contact: a field without a value is null. */
export type MergeValues = Partial<Record<MergeField, string | null>>;

/** A rendered template: plain text, the same as escaped HTML, and the fields that had no value. */
export type Rendered = { subject: string; body: string; html: string; missing: MergeField[] };

/** `contact.firstName`, optionally with `| "fallback"`, as Mustache's parser hands over a tag's content. */
const FIELD = /^([a-zA-Z]+\.[a-zA-Z]+)\s*(?:\|\s*"([^"]*)")?$/;

type Part = { text: string } | { field: MergeField; fallback: string | null };

/**
 * Reads a template text with Mustache's parser (logic-less: no code, no sections, no partials here) into
 * text and fields. Anything but plain tags (a section, a partial, triple braces) is refused, naming `field`.
 */
function partsOf(text: string, field: string): Part[] {
  let tokens: ReturnType<typeof Mustache.parse>;
  try {
    tokens = Mustache.parse(text);
  } catch (error) {
    const message = `cannot be read: ${(error as Error).message}`;
    throw new AppError('validation_failed', `${field}: ${message}`, [{ field, message }]);
  }
  return tokens.map(([type, value]) => {
    if (type === 'text') return { text: value };
    const match = type === 'name' ? FIELD.exec(value.trim()) : null;
    if (!match) {
      const message = `may only use {{field}} or {{field | "fallback"}} tags, not {{${type === 'name' ? '' : type}${value}}}`;
      throw new AppError('validation_failed', `${field}: ${message}`, [{ field, message }]);
    }
    return { field: match[1] as MergeField, fallback: match[2] ?? null };
  });
}

/** Checks that a template text can be rendered (its tags are plain fields); throws as partsOf does. */
export function assertRenderable(text: string, field: string): void {
  partsOf(text, field);
}

function fill(parts: Part[], values: MergeValues, missing: Set<MergeField>) {
  return parts
    .map((part) => {
      if ('text' in part) return part.text;
      const value = values[part.field]?.trim();
      if (value) return value;
      if (part.fallback !== null) return part.fallback;
      missing.add(part.field);
      return `{{${part.field}}}`;
    })
    .join('');
}

/**
 * Renders a template for one contact. A field with no value falls back to its `| "fallback"`; one with
 * neither is listed in `missing` and left as its tag, so a preview shows the gap and a send refuses it,
 * never sending a blank. The HTML escapes everything (values cannot inject markup); the text is as written.
 */
export function renderTemplate(template: { subject: string; body: string }, values: MergeValues): Rendered {
  const missing = new Set<MergeField>();
  const subjectParts = partsOf(template.subject, 'body.subject');
  const bodyParts = partsOf(template.body, 'body.body');
  const subject = fill(subjectParts, values, missing);
  const body = fill(bodyParts, values, missing);
  // The body is plain text; its HTML twin escapes all of it, the merged values included.
  const bodyHtml = Mustache.escape(body).split(/\r?\n/).join('<br>\n');
  return { subject, body, html: bodyHtml, missing: [...missing] };
}
