import { z } from 'zod';
import { loadConfig } from '../../shared/config.ts';
import { Id } from '../../shared/validators.ts';
import { defineJob } from '../jobs/define-job.ts';
import { requireSealKey, resolveSealKey } from './secret.ts';
import { syncMailbox } from './sync.ts';

/**
 * Syncs one mailbox (sync.ts); safe to run again after a crash, as each batch commits with its checkpoint.
 * The key comes from KITH_SECRET, else (embedded store only) the data directory's generated secret.
 */
export const syncMailboxJob = defineJob({
  kind: 'mailboxes.sync',
  payload: z.object({ mailboxId: Id }),
  // A failing mailbox (wrong password, server down) retries with backoff, then waits for its next run.
  maxAttempts: 3,
  handler: async ({ payload, workspaceId, db, progress }) => {
    const config = loadConfig();
    const key = requireSealKey(
      resolveSealKey({ secret: config.secret, dataDir: config.databaseUrl ? null : config.dataDir }),
    );
    await syncMailbox({
      db,
      workspaceId,
      mailboxId: payload.mailboxId,
      key,
      backfillDays: config.syncBackfillDays,
      progress,
    });
  },
});
