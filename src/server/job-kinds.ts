import { refreshSubscriptionJob } from '../domains/calendar/refresh-subscription-job.ts';
import { importJob } from '../domains/imports/import-job.ts';
import { jobKinds } from '../domains/jobs/define-job.ts';
import { echoJob } from '../domains/jobs/echo-job.ts';
import { syncMailboxJob } from '../domains/mailboxes/sync-job.ts';
import { sendEmailJob } from '../domains/outbox/send-job.ts';
import { advanceJob } from '../domains/sequences/advance-job.ts';

/**
 * Every job kind the workers run, in one place (as routes.ts lists every route plugin). A kind is one file
 * with `defineJob({ kind, payload, handler })`; add it here, or its jobs stay queued.
 */
export const JOB_KINDS = jobKinds([
  echoJob,
  importJob,
  refreshSubscriptionJob,
  syncMailboxJob,
  sendEmailJob,
  advanceJob,
]);
