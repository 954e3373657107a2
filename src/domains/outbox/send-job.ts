import { z } from 'zod';
import { inTransaction } from '../../db/transaction.ts';
import { Id } from '../../shared/validators.ts';
import { defineJob } from '../jobs/define-job.ts';
import { enqueueJob } from '../jobs/enqueue.ts';
import { sealKey } from '../mailboxes/settings.ts';
import { sendQueued } from './send.ts';

/**
 * Sends one queued email (send.ts). Retries with backoff while the server answers 4xx or cannot be reached,
 * long enough to outlast a mail server down for hours; an email put off (the send limits, or another
 * attempt's lease on it) is handed to a new run at the time it names. A held email (its sequence is paused)
 * gets no run: resuming or stopping the enrolment enqueues one (held.ts).
 */
export const sendEmailJob = defineJob({
  kind: 'outbox.send',
  payload: z.object({ outboxId: Id }),
  maxAttempts: 20,
  handler: async ({ payload, workspaceId, db }) => {
    const outcome = await sendQueued({ db, workspaceId, outboxId: payload.outboxId, key: sealKey() });
    if (outcome.state === 'deferred') {
      await inTransaction(db, (tx) =>
        enqueueJob({ db: tx, workspaceId, job: sendEmailJob, payload, runAt: outcome.until }),
      );
    }
  },
});
