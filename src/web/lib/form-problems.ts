import type { z } from 'zod';
import { fieldLabel, sentence } from '../../shared/zod-messages.ts';
import type { ApiError } from '../api/client';

/** A field's problem as shown under it: a sentence, and the record it is about if any. */
export type Problem = { message: string; related?: { id: string; name: string } };

/** The entry a list field's problem is about, quoted, or the field's label. */
function subject(label: string, values: unknown, index: unknown): string {
  if (typeof index === 'number' && Array.isArray(values) && typeof values[index] === 'string')
    return `“${values[index]}”`;
  return label;
}

/**
 * The field a problem belongs to: a nested field the form labels on its own ("nextStep.dueAt"), else the
 * top-level one.
 */
function keyOf(path: readonly PropertyKey[], labels: Record<string, string>): string {
  const nested = path.slice(0, 2).map(String).join('.');
  return path.length > 1 && nested in labels ? nested : String(path[0] ?? '');
}

/**
 * Checks a form's value with the schema the API uses, and gives each top-level field its first problem as a
 * sentence a person would write ("First name is required"; "“bob@” must be a valid email address").
 * A nested field listed in labels ("nextStep.dueAt") gets its own problem.
 */
export function problemsOf(
  schema: z.ZodType,
  value: Record<string, unknown>,
  labels: Record<string, string>,
): Record<string, Problem> {
  const problems: Record<string, Problem> = {};
  for (const issue of schema.safeParse(value).error?.issues ?? []) {
    const key = keyOf(issue.path, labels);
    if (problems[key]) continue;
    const label = labels[key] ?? fieldLabel(key);
    problems[key] = { message: sentence(subject(label, value[key], issue.path[1]), issue.message) };
  }
  return problems;
}

/** The server's problems with a request body, by top-level field, worded as problemsOf words them. */
export function serverProblems(
  error: ApiError | null,
  value: Record<string, unknown>,
  labels: Record<string, string>,
): Record<string, Problem> {
  const problems: Record<string, Problem> = {};
  for (const field of error?.fields ?? []) {
    const [scope, ...path] = field.field.split('.');
    const key = keyOf(path, labels);
    const index = path[1];
    if (scope !== 'body' || problems[key]) continue;
    const label = labels[key] ?? fieldLabel(key);
    problems[key] = {
      message: sentence(
        subject(label, value[key], index === undefined ? undefined : Number(index)),
        field.message,
      ),
      ...(field.related ? { related: { id: field.related.id, name: field.related.name } } : {}),
    };
  }
  return problems;
}
