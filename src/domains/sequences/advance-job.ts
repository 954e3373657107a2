import { z } from 'zod';
import { inTransaction } from '../../db/transaction.ts';
import { Id } from '../../shared/validators.ts';
import { defineJob } from '../jobs/define-job.ts';
import { advanceEnrollment } from './advance.ts';

/** Runs an enrolment's step when it is due (advance.ts), in one transaction with its email or next step. */
export const advanceJob = defineJob({
  kind: 'sequences.advance',
  payload: z.object({ enrollmentId: Id }),
  handler: async ({ payload, workspaceId, db }) => {
    await inTransaction(db, (tx) =>
      advanceEnrollment({ db: tx, workspaceId, enrollmentId: payload.enrollmentId }),
    );
  },
});
