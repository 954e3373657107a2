import type { JobRow } from './claim.ts';
import type { JobOutput } from './validators.ts';

/** Picks the API fields of a job. */
export function presentJob(row: JobRow): JobOutput {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    progress: { processed: row.processed, total: row.total },
    error: row.lastError,
    attempts: row.attempts,
    maxAttempts: row.maxAttempts,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}
