import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.ts';
import { defineMergePart } from '../contacts/merge-registry.ts';

/** A merge moves every fact to the survivor, private ones too: each keeps its author and privacy. */
export const factsMergePart = defineMergePart({
  name: 'facts',
  tables: ['facts'],
  moveToSurvivor: async ({ tx, workspaceId, fromId, toId }) => {
    const [row] = await queryRows<{ n: number }>(
      tx,
      sql`with moved as (
            update facts set contact_id = ${toId}::uuid
             where workspace_id = ${workspaceId}::uuid and contact_id = ${fromId}::uuid
            returning 1)
          select count(*)::int as n from moved`,
    );
    return row?.n ?? 0;
  },
});
