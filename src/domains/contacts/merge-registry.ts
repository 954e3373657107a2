import type { Db } from '../../db/client.ts';

/** What a merge hands each part: the merge's transaction, and the contact going (from) into the one kept (to). */
export type MergeMove = { tx: Db; workspaceId: string; fromId: string; toId: string };

/**
 * What one domain attaches to a contact, and how a merge moves it to the survivor. Runs inside the merge's
 * transaction, after both contacts are locked and before the merged contact is deleted (whatever a part
 * leaves behind goes with it, by its foreign key's cascade). Returns how many rows it moved, for the audit.
 * Every part is listed in duplicates/merge-parts.ts.
 */
export type MergePart = {
  name: string;
  /** The tables (with a contact_id) whose rows it moves. */
  tables: string[];
  moveToSurvivor: (move: MergeMove) => Promise<number>;
};

/** Declares a domain's merge part (typed, so the list of parts stays one kind of thing). */
export function defineMergePart(part: MergePart): MergePart {
  return part;
}
