import type { FactRow } from './facts.ts';
import type { FactOutput } from './validators.ts';

/** Picks the API fields of a fact. */
export function presentFact(row: FactRow): FactOutput {
  return {
    id: row.id,
    contactId: row.contactId,
    text: row.text,
    remindOn: row.remindOn,
    private: row.isPrivate,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
