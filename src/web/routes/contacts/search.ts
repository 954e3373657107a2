import { CONTACT_SORTS, DUE_FILTERS, STAGES } from '../../../shared/vocabulary.ts';
import type { ContactFilters, ContactSort, DueFilter, Stage } from '../../api/contacts';

const STAGE_SET = new Set<string>(STAGES);
const SORT_SET = new Set<string>(CONTACT_SORTS);
const DUE_SET = new Set<string>(DUE_FILTERS);
const text = (value: unknown) =>
  typeof value === 'string' && value.trim() ? value.trim().slice(0, 200) : undefined;
const oneOf = <T extends string>(set: Set<string>, value: unknown): T | undefined => {
  const v = text(value);
  return v && set.has(v) ? (v as T) : undefined;
};

/** The contacts page's address: the list's filters and order, and `new` to open the new-contact form. */
export type ContactsSearch = ContactFilters & { new?: true };

/** The contacts list's filters from the URL, dropping anything malformed (this file is in the initial bundle). */
export function validateContactsSearch(search: Record<string, unknown>): ContactsSearch {
  const sort = oneOf<ContactSort>(SORT_SET, search.sort);
  return {
    q: text(search.q),
    tierId: text(search.tierId),
    stage: oneOf<Stage>(STAGE_SET, search.stage),
    tag: text(search.tag),
    ownerId: text(search.ownerId),
    archived: search.archived === true || search.archived === 'true' ? true : undefined,
    due: oneOf<DueFilter>(DUE_SET, search.due),
    // Name ascending is the default, so it stays out of the address.
    sort: sort === 'name' ? undefined : sort,
    dir: search.dir === 'desc' ? 'desc' : undefined,
    new: search.new === true || search.new === 'true' || search.new === 1 ? true : undefined,
  };
}

/** The companies page's address: `new` opens the new-company form. */
export function validateCompaniesSearch(search: Record<string, unknown>): { new?: true } {
  return search.new === true || search.new === 'true' ? { new: true } : {};
}
