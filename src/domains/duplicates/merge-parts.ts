import { defineMergePart, type MergePart } from '../contacts/merge-registry.ts';
import { factsMergePart } from '../facts/merge-part.ts';
import { interactionsMergePart } from '../interactions/merge-part.ts';
import { moveDismissals } from './dismiss.ts';

const dismissalsMergePart = defineMergePart({
  name: 'dismissals',
  tables: ['duplicate_dismissals'],
  moveToSurvivor: async ({ tx, ...move }) => {
    await moveDismissals({ db: tx, ...move });
    return 0;
  },
});

/**
 * THE list of everything hanging off a contact beyond its own row and emails, which a merge moves to the
 * survivor (contacts/merge-registry.ts). A domain whose table has a contact_id adds its part here;
 * merge.test.ts fails for such a table that no part names.
 */
export const MERGE_PARTS: readonly MergePart[] = [interactionsMergePart, factsMergePart, dismissalsMergePart];
