import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { inTransaction } from '../../db/transaction.ts';
import { JOB_KINDS } from '../../server/job-kinds.ts';
import { route } from '../../server/route.ts';
import { AppError } from '../../shared/errors.ts';
import { IdParams } from '../../shared/validators.ts';
import { runJobNow } from '../jobs/run-now.ts';
import {
  createMailbox,
  deleteMailbox,
  findMailboxes,
  getMailbox,
  startSync,
  updateMailbox,
} from './mailboxes.ts';
import { presentMailbox } from './presenter.ts';
import { emptyCounts } from './schema.ts';
import {
  MailboxInput,
  MailboxListOutput,
  MailboxOutput,
  MailboxPatchInput,
  SyncDoneOutput,
  SyncQuery,
  SyncStartedOutput,
} from './validators.ts';

const TAGS = ['mailboxes'];

/** Each user's own IMAP mailboxes: connect (the login is checked), sync on a schedule or now, disconnect. */
export const mailboxRoutes: FastifyPluginAsync = async (app) => {
  route(app, {
    method: 'GET',
    url: '/api/mailboxes',
    auth: 'read',
    tags: TAGS,
    summary: 'Your mailboxes, with their sync status and counts',
    response: { 200: MailboxListOutput },
    handler: async ({ scope }) => ({ items: (await findMailboxes(scope)).map(presentMailbox) }),
  });

  route(app, {
    method: 'POST',
    url: '/api/mailboxes',
    auth: 'write',
    tags: TAGS,
    summary: 'Connect a mailbox (IMAP); the login is checked first, then it syncs every KITH_SYNC_MINUTES',
    description:
      'A wrong password, an unknown host or a TLS mismatch is a 422 naming `body.imap.password`, ' +
      '`body.imap.host` or `body.imap.tls`. The password is sealed (AES-256-GCM) and never answered. On ' +
      'PostgreSQL without KITH_SECRET a password cannot be stored (400 naming `body.imap.password`). The first ' +
      'sync starts at once and reads back KITH_SYNC_BACKFILL_DAYS. See docs/capture.md.',
    body: MailboxInput,
    response: { 201: MailboxOutput },
    errors: [422],
    transaction: false,
    handler: async ({ scope, body }) => presentMailbox(await createMailbox({ ...scope, input: body })),
  });

  route(app, {
    method: 'GET',
    url: '/api/mailboxes/:id',
    auth: 'read',
    tags: TAGS,
    summary: 'One of your mailboxes: status, last sync, error, folders and counts',
    params: IdParams,
    response: { 200: MailboxOutput },
    handler: async ({ scope, params }) => presentMailbox(await getMailbox({ ...scope, id: params.id })),
  });

  route(app, {
    method: 'PATCH',
    url: '/api/mailboxes/:id',
    auth: 'write',
    tags: TAGS,
    summary: 'Change a mailbox; new IMAP settings are checked by logging in before they are saved',
    params: IdParams,
    body: MailboxPatchInput,
    response: { 200: MailboxOutput },
    errors: [422],
    transaction: false,
    handler: async ({ scope, params, body }) =>
      presentMailbox(await updateMailbox({ ...scope, id: params.id, input: body })),
  });

  route(app, {
    method: 'DELETE',
    url: '/api/mailboxes/:id',
    auth: 'write',
    tags: TAGS,
    summary: 'Disconnect a mailbox; the mail it logged stays',
    params: IdParams,
    response: { 204: z.null() },
    handler: async ({ scope, params }) => {
      await deleteMailbox({ ...scope, id: params.id });
      return null;
    },
  });

  route(app, {
    method: 'POST',
    url: '/api/mailboxes/:id/sync',
    auth: 'write',
    tags: TAGS,
    summary: 'Sync a mailbox now (a job); with ?wait=true, answer its counts once done',
    description:
      'Answers 202 `{ jobId }` (follow it with GET /api/jobs/{jobId}); when a sync of this mailbox is already ' +
      'queued or running, that one. With `?wait=true` answers 200 once the sync has finished, with the ' +
      "run's counts and the mailbox.",
    params: IdParams,
    query: SyncQuery,
    response: { 202: SyncStartedOutput, 200: SyncDoneOutput },
    status: 202,
    errors: [422],
    transaction: false,
    handler: async ({ scope, params, query, reply }) => {
      const jobId = await inTransaction(scope.db, (db) => startSync({ ...scope, db, id: params.id }));
      if (!query.wait) return { jobId };
      const done = await runJobNow({ db: scope.db, kinds: JOB_KINDS, workspaceId: scope.workspaceId, jobId });
      const mailbox = await getMailbox({ ...scope, id: params.id });
      if (done.status !== 'done') {
        const message = `the sync failed: ${mailbox.lastError ?? done.lastError ?? 'unknown error'}`;
        throw new AppError('unprocessable', `params.id: ${message}`, [{ field: 'params.id', message }]);
      }
      reply.status(200);
      return { jobId, counts: mailbox.lastRun ?? emptyCounts(), mailbox: presentMailbox(mailbox) };
    },
  });
};
