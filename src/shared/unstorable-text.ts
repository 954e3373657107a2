/** A NUL, or half of a surrogate pair: text PostgreSQL cannot store (text, jsonb) or JSON cannot carry. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding the NUL is the point
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const UNSTORABLE_MESSAGE =
  'contains a character that cannot be stored (a NUL or half of a surrogate pair)';

type Step = { key: string; parent: Step | null };
/** How many levels of a field's path an error names; a deeper one ends in '…'. */
const SHOWN_LEVELS = 12;

function pathOf(step: Step | null): string[] {
  const path: string[] = [];
  for (let at = step; at; at = at.parent) path.push(at.key);
  path.reverse();
  return path.length > SHOWN_LEVELS ? [...path.slice(0, SHOWN_LEVELS), '…'] : path;
}

/**
 * The path of the first string (or key) in `value` that holds unstorable text, or null when all is well.
 * It walks with a stack of its own, not by recursion, so a body nested a million levels deep costs one
 * pass over it instead of the call stack.
 */
export function findUnstorableText(value: unknown): string[] | null {
  const todo: { value: unknown; at: Step | null }[] = [{ value, at: null }];
  for (let next = todo.pop(); next; next = todo.pop()) {
    if (typeof next.value === 'string') {
      if (UNSTORABLE.test(next.value)) return pathOf(next.at);
    } else if (typeof next.value === 'object' && next.value !== null) {
      const entries = Object.entries(next.value);
      for (const [key] of entries) if (UNSTORABLE.test(key)) return pathOf({ key, parent: next.at });
      // Pushed last to first, so the first field is looked at first.
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, item] = entries[i]!;
        todo.push({ value: item, at: { key, parent: next.at } });
      }
    }
  }
  return null;
}
