import { STAGES } from '../../../shared/vocabulary.ts';
import type { ContactFilters, Stage } from '../../api/contacts';

const STAGE_SET = new Set<string>(STAGES);
const text = (value: unknown) =>
  typeof value === 'string' && value.trim() ? value.trim().slice(0, 200) : undefined;

/** The contacts list's filters from the URL, dropping anything malformed (this file is in the initial bundle). */
export function validateContactsSearch(search: Record<string, unknown>): ContactFilters {
  const stage = text(search.stage);
  return {
    q: text(search.q),
    tierId: text(search.tierId),
    stage: stage && STAGE_SET.has(stage) ? (stage as Stage) : undefined,
    tag: text(search.tag),
    ownerId: text(search.ownerId),
    archived: search.archived === true || search.archived === 'true' ? true : undefined,
  };
}
