import type { Db } from '../../db/client.ts';
import { calendarSubscriptions } from './schema.ts';

/** Inserts a calendar subscription straight into the store (no schedule, never fetched); for tests. */
export async function buildSubscription(
  db: Db,
  workspaceId: string,
  userId: string,
  url = 'https://calendar.example.test/feed.ics',
) {
  const [row] = await db.insert(calendarSubscriptions).values({ workspaceId, userId, url }).returning();
  if (!row) throw new Error('subscription insert returned nothing');
  return row;
}
