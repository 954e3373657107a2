import { type ReactNode, useState } from 'react';
import type { z } from 'zod';
import { ApiError, messageOf } from '../api/client';
import { problemNode } from '../components/problem-text';
import { type Problem, problemsOf, serverProblems } from './form-problems';

/** What a form needs to show its problems: see useFormProblems. */
export type FormProblems = {
  /** The message under a field: its own problem once touched or after a try to save, else the server's. */
  msg: (field: string) => ReactNode;
  /** Marks a field as changed, so its problem shows from now on. */
  touch: (field: string) => void;
  /**
   * On submit: shows every problem and focuses the first bad field inside root (the form, where a page has
   * several alike); true when the value may be sent.
   */
  check: (root?: ParentNode) => boolean;
  /** Forgets what was touched and tried, for a form that empties itself after saving. */
  reset: () => void;
  /** The server's message when it named no field the form shows, for an alert under the form. */
  unplaced: string | null;
  /** The form's own problems by field, shown or not. */
  local: Record<string, Problem>;
};

/**
 * Checks a form's value as it is typed with the schema the API uses, as the contact form does. `labels` lists
 * the form's fields in their order on screen with the names people read; a field to focus carries
 * `data-field="<key>"` on its input.
 */
export function useFormProblems(options: {
  schema: z.ZodType;
  value: Record<string, unknown>;
  labels: Record<string, string>;
  error: unknown;
}): FormProblems {
  const { schema, value, labels } = options;
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [isSubmitted, setSubmitted] = useState(false);
  const apiError = options.error instanceof ApiError ? options.error : null;
  const local = problemsOf(schema, value, labels);
  const remote = serverProblems(apiError, value, labels);
  // The server's message goes under the form unless it is shown under a field of it.
  const isPlaced = Object.keys(remote).some((key) => key in labels);
  // A problem with a value the form does not show (a missing id) still has to be said somewhere.
  const stray = isSubmitted ? Object.keys(local).find((key) => !(key in labels)) : undefined;
  return {
    msg: (field) => problemNode(((isSubmitted || touched.has(field)) && local[field]) || remote[field]),
    touch: (field) => setTouched((t) => (t.has(field) ? t : new Set(t).add(field))),
    check: (root = document) => {
      setSubmitted(true);
      const first = Object.keys(labels).find((key) => local[key]) ?? Object.keys(local)[0];
      if (first === undefined) return true;
      root.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus();
      return false;
    },
    reset: () => {
      setTouched(new Set());
      setSubmitted(false);
    },
    unplaced: stray ? (local[stray]?.message ?? null) : apiError && !isPlaced ? messageOf(apiError) : null,
    local,
  };
}
