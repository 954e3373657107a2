import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.ts';
import { defineMergePart } from '../contacts/merge-registry.ts';

/**
 * A merge moves the merged contact's interactions and next steps to the survivor. An interaction both took
 * part in keeps its one link to the survivor; the merged contact's link goes with the contact.
 */
export const interactionsMergePart = defineMergePart({
  name: 'interactions',
  tables: ['interaction_contacts', 'next_steps'],
  moveToSurvivor: async ({ tx, workspaceId, fromId, toId }) => {
    const ws = sql`${workspaceId}::uuid`;
    const links = await queryRows<{ n: number }>(
      tx,
      sql`with moved as (
            update interaction_contacts ic set contact_id = ${toId}::uuid
             where ic.workspace_id = ${ws} and ic.contact_id = ${fromId}::uuid
               and not exists (select 1 from interaction_contacts x
                 where x.workspace_id = ${ws} and x.interaction_id = ic.interaction_id
                   and x.contact_id = ${toId}::uuid)
            returning 1)
          select count(*)::int as n from moved`,
    );
    const steps = await queryRows<{ n: number }>(
      tx,
      sql`with moved as (
            update next_steps set contact_id = ${toId}::uuid, updated_at = now()
             where workspace_id = ${ws} and contact_id = ${fromId}::uuid
            returning 1)
          select count(*)::int as n from moved`,
    );
    return (links[0]?.n ?? 0) + (steps[0]?.n ?? 0);
  },
});
