import type { SubscriptionRow } from './subscriptions.ts';
import type { SubscriptionOutput } from './validators.ts';

/** Picks the API fields of a calendar subscription. */
export function presentSubscription(row: SubscriptionRow): SubscriptionOutput {
  return {
    id: row.id,
    url: row.url,
    status: row.status,
    lastError: row.lastError,
    lastRefreshedAt: row.lastRefreshedAt?.toISOString() ?? null,
    events: row.events,
    logged: row.logged,
    nextSteps: row.nextSteps,
    duplicates: row.duplicates,
    skipped: row.skipped,
    createdAt: row.createdAt.toISOString(),
  };
}
