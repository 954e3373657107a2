import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { inTransaction } from '../../db/transaction.ts';
import { route } from '../../server/route.ts';
import { notFound } from '../../shared/errors.ts';
import { sealKey } from '../mailboxes/settings.ts';
import { presentOutbox } from './presenter.ts';
import { findOutbox, queueEmail } from './queue.ts';
import { unsubscribe } from './unsubscribe.ts';
import { readUnsubscribeToken } from './unsubscribe-token.ts';
import { EmailInput, OutboxListOutput, OutboxOutput, OutboxQuery } from './validators.ts';

const TAGS = ['outbox'];

/** Sending one email now, and the outbox that shows what was sent, waits, or failed. */
export const outboxRoutes: FastifyPluginAsync = async (app) => {
  route(app, {
    method: 'POST',
    url: '/api/emails',
    auth: 'write',
    tags: TAGS,
    summary: 'Send one email to a contact now, from one of your mailboxes, through the outbox',
    description:
      'Give `subject` and `body`, or a `templateId` rendered for the contact. Answers 202 with the queued ' +
      'email; a job sends it once this request has committed (follow it in GET /api/outbox). A merge field ' +
      'with no value and no fallback, a contact marked do not contact, without an email, or whose address ' +
      'bounced or unsubscribed, and a mailbox without SMTP settings are each a 422 naming the field.',
    body: EmailInput,
    response: { 202: OutboxOutput },
    errors: [422],
    handler: async ({ scope, body }) =>
      presentOutbox(
        await queueEmail({
          ...scope,
          contactId: body.contactId,
          mailboxId: body.mailboxId,
          source: 'manual',
          content:
            'templateId' in body
              ? { templateId: body.templateId }
              : { subject: body.subject, body: body.body },
        }),
      ),
  });

  // A one-click unsubscribe (RFC 8058) posts `List-Unsubscribe=One-Click` as a form.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_r, _b, done) =>
    done(null, {}),
  );

  route(app, {
    method: 'POST',
    url: '/api/unsubscribe/:token',
    auth: 'public',
    tags: TAGS,
    summary: "Unsubscribe the address a sequence's email went to (the email's one-click link)",
    description:
      'The token comes from the List-Unsubscribe header of an email Kith sent. The address is suppressed ' +
      "for every later send in the workspace and its contact's sequences stop. An unknown token is a 404.",
    params: z.object({ token: z.string().min(10).max(200) }),
    response: { 200: z.object({ unsubscribed: z.string() }) },
    transaction: false,
    handler: async ({ db, params }) => {
      const found = readUnsubscribeToken(sealKey(), params.token);
      const email = found ? await inTransaction(db, (tx) => unsubscribe({ db: tx, ...found })) : null;
      if (!email) throw notFound('Unsubscribe link', 'given', 'params.token');
      return { unsubscribed: email };
    },
  });

  route(app, {
    method: 'GET',
    url: '/api/outbox',
    auth: 'read',
    tags: TAGS,
    summary:
      "Your emails: queued, held (their sequence is paused), sending, sent or failed (with the server's " +
      'reply), newest first',
    query: OutboxQuery,
    response: { 200: OutboxListOutput },
    handler: async ({ scope, query }) => {
      const { rows, total } = await findOutbox({ ...scope, ...query });
      return { items: rows.map(presentOutbox), total };
    },
  });
};
