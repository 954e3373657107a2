import { presentContact } from '../contacts/presenter.ts';
import type { DuplicatePair } from './find-duplicates.ts';
import type { DuplicatePairOutput } from './validators.ts';

/** A candidate pair with both contacts as the API shows a contact. */
export function presentDuplicatePair(pair: DuplicatePair, today: string): DuplicatePairOutput {
  return {
    contacts: pair.contacts.map((c) => presentContact(c, today)),
    reason: pair.reason,
    reasons: pair.reasons,
    score: pair.score,
  };
}
