import { z } from 'zod';
import type { $ZodRawIssue } from 'zod/v4/core';

/**
 * Zod's messages as a person would write them, for the server's 400s and the web app's forms alike.
 * A field's message is a predicate ("is required", "must be at most 200 characters"); sentence() puts
 * the field's name in front ("First name is required"). A schema's own message still wins.
 */
type Issue = $ZodRawIssue;

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  date: 'a date',
};

const FORMAT_NAMES: Record<string, string> = {
  email: 'a valid email address',
  uuid: 'a UUID',
  url: 'a web address (URL)',
  date: 'a date as YYYY-MM-DD',
  datetime: 'an ISO 8601 date-time',
};

const quoted = (v: unknown) => (typeof v === 'string' ? `"${v}"` : String(v));
const plural = (n: number | bigint, one: string, many: string) => `${n} ${n === 1 || n === 1n ? one : many}`;

/** The predicate for one Zod issue, or undefined to keep Zod's own. */
export function humanMessage(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case 'too_small': {
      const min = issue.minimum;
      if (issue.origin === 'string')
        return min === 1 ? 'is required' : `must be at least ${plural(min, 'character', 'characters')}`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return min === 1
          ? 'needs at least one entry'
          : `must have at least ${plural(min, 'entry', 'entries')}`;
      return issue.inclusive === false ? `must be more than ${min}` : `must be at least ${min}`;
    }
    case 'too_big': {
      const max = issue.maximum;
      if (issue.origin === 'string') return `must be at most ${plural(max, 'character', 'characters')}`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return `must have at most ${plural(max, 'entry', 'entries')}`;
      return issue.inclusive === false ? `must be less than ${max}` : `must be at most ${max}`;
    }
    case 'invalid_format':
      // Zod's own words for these name the check ("Invalid string: must match pattern /…/").
      if (issue.format === 'regex') return 'is not in the expected format';
      if (issue.format === 'starts_with') return `must start with ${quoted(issue.prefix)}`;
      if (issue.format === 'ends_with') return `must end with ${quoted(issue.suffix)}`;
      if (issue.format === 'includes') return `must contain ${quoted(issue.includes)}`;
      return `must be ${FORMAT_NAMES[issue.format] ?? `a valid ${issue.format}`}`;
    case 'invalid_value': {
      const values = issue.values.map(quoted);
      if (values.length === 1) return `must be ${values[0]}`;
      if (values.length === 2) return `must be ${values[0]} or ${values[1]}`;
      return `must be one of ${values.join(', ')}`;
    }
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'unrecognized_keys':
      return `has ${issue.keys.length === 1 ? 'a field' : 'fields'} it does not know: ${issue.keys.join(', ')}`;
    case 'invalid_union':
      return 'is not valid';
    default:
      return undefined;
  }
}

z.config({ customError: humanMessage });

/** A field's name as a person reads it: body.firstName is "First name", body.contactIds "Contact IDs". */
export function fieldLabel(field: string): string {
  // A header keeps its own spelling: "The x-kith-local-secret header is required".
  if (field.startsWith('headers.')) return `The ${field.slice('headers.'.length)} header`;
  const parts = field.split('.');
  const named = /^(body|query|params|headers|payload)$/.test(parts[0] ?? '') ? parts.slice(1) : parts;
  const words = named
    .map((p) =>
      /^\d+$/.test(p) ? `#${Number(p) + 1}` : p.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase(),
    )
    .join(' ')
    .replace(/\bid(s?)\b/g, 'ID$1');
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : 'The request';
}

/** One sentence for a field's problem: "First name is required". */
export function sentence(label: string, predicate: string): string {
  return `${label} ${predicate}`;
}
