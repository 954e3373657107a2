import type { SuggestionRow } from './suggestions.ts';
import type { SuggestionOutput } from './validators.ts';

/** Picks the API fields of a suggested contact. */
export function presentSuggestion(row: SuggestionRow): SuggestionOutput {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    messageCount: row.inboundCount + row.outboundCount,
    inboundCount: row.inboundCount,
    outboundCount: row.outboundCount,
    twoWay: row.inboundCount > 0 && row.outboundCount > 0,
    lastSeenAt: row.lastSeenAt.toISOString(),
  };
}
