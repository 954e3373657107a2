import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { suggestedContacts } from './schema.ts';

/** Inserts an open suggestion for a user straight into the store; for tests. */
export async function buildSuggestion(
  db: Db,
  workspaceId: string,
  userId: string,
  email = `someone-${randomBytes(4).toString('hex')}@elsewhere.test`,
) {
  const [row] = await db
    .insert(suggestedContacts)
    .values({ workspaceId, userId, email, name: 'Some One', inboundCount: 1, lastSeenAt: new Date() })
    .returning();
  if (!row) throw new Error('suggestion insert returned nothing');
  return row;
}
