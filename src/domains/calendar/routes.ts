import multipart from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { route } from '../../server/route.ts';
import { AppError } from '../../shared/errors.ts';
import { IdParams } from '../../shared/validators.ts';
import { applyCalendar } from './apply.ts';
import { presentSubscription } from './presenter.ts';
import {
  createSubscription,
  deleteSubscription,
  findSubscriptions,
  refreshSubscription,
} from './subscriptions.ts';
import {
  CalendarCountsOutput,
  SubscriptionInput,
  SubscriptionListOutput,
  SubscriptionRefreshOutput,
} from './validators.ts';

/** An uploaded calendar larger than this is a 413. */
export const MAX_CALENDAR_BYTES = 5 * 1024 * 1024;

const invalid = (field: string, message: string) =>
  new AppError('validation_failed', `${field}: ${message}`, [{ field, message }]);
const tooLarge = () =>
  new AppError(
    'payload_too_large',
    `body.file: the file is larger than ${MAX_CALENDAR_BYTES / 1024 / 1024} MB`,
    [{ field: 'body.file', message: `must be at most ${MAX_CALENDAR_BYTES / 1024 / 1024} MB` }],
  );

/** The calendar's text: the body itself (text/calendar), or the multipart form's `file`. */
async function calendarText(request: FastifyRequest): Promise<string> {
  if (typeof request.body === 'string') return request.body;
  if (!request.isMultipart()) {
    throw invalid(
      'body.file',
      'send an .ics file as text/calendar, or as multipart/form-data in a field named "file"',
    );
  }
  for await (const part of request.parts()) {
    if (part.type !== 'file') continue;
    if (part.fieldname !== 'file') {
      part.file.resume();
      continue;
    }
    const bytes = await part.toBuffer().catch((error: { code?: string }) => {
      throw error.code === 'FST_REQ_FILE_TOO_LARGE' ? tooLarge() : error;
    });
    if (part.file.truncated) throw tooLarge();
    return bytes.toString('utf8');
  }
  throw invalid('body.file', 'is required');
}

/** Calendar capture: upload an .ics, or follow a feed that a job refreshes. */
export const calendarRoutes: FastifyPluginAsync = async (app) => {
  await app.register(multipart, { limits: { fileSize: MAX_CALENDAR_BYTES, files: 1, fields: 5, parts: 6 } });
  app.addContentTypeParser(
    ['text/calendar', 'application/ics'],
    { parseAs: 'string', bodyLimit: MAX_CALENDAR_BYTES },
    (_request, body, done) => done(null, body),
  );

  route(app, {
    method: 'POST',
    url: '/api/calendar/imports',
    auth: 'write',
    tags: ['calendar'],
    summary: 'Import an .ics calendar: past meetings are logged, the next ones become next steps',
    description:
      'The body is the .ics itself (`Content-Type: text/calendar`) or multipart/form-data with the file in ' +
      "`file`. Each occurrence is matched to contacts by its organizer and attendee emails (the workspace's " +
      "users left out); a past one is logged as a meeting, a series' next one becomes an open next step, which " +
      'moves when the event moves and goes when it is cancelled. Importing the same file again changes nothing. ' +
      'Answers where each occurrence went: `logged`, `nextSteps`, `duplicates` (already so) or `skipped` (no ' +
      'contact on it, or cancelled). See docs/capture.md.',
    response: { 200: CalendarCountsOutput },
    errors: [413],
    handler: async ({ scope, request }) => {
      const { plannedUids: _planned, ...counts } = await applyCalendar({
        ...scope,
        text: await calendarText(request),
      });
      return counts;
    },
  });

  route(app, {
    method: 'GET',
    url: '/api/calendar/subscriptions',
    auth: 'read',
    tags: ['calendar'],
    summary: 'Your calendar subscriptions, with their status, last refresh and counts',
    response: { 200: SubscriptionListOutput },
    handler: async ({ scope }) => ({ items: (await findSubscriptions(scope)).map(presentSubscription) }),
  });

  route(app, {
    method: 'POST',
    url: '/api/calendar/subscriptions',
    auth: 'write',
    tags: ['calendar'],
    summary: 'Follow a calendar feed (an http(s) .ics address); fetched now by a job, then hourly',
    description:
      'Answers 202 with the subscription (status `pending`) and the job fetching it for the first time; follow ' +
      'it with GET /api/jobs/{jobId}, then GET /api/calendar/subscriptions shows the counts. Loopback and ' +
      'private network addresses are refused (400 naming `body.url`) unless KITH_ALLOW_PRIVATE_URLS=1.',
    body: SubscriptionInput,
    response: { 202: SubscriptionRefreshOutput },
    handler: async ({ scope, body }) => {
      const { row, jobId } = await createSubscription({ ...scope, input: body });
      return { subscription: presentSubscription(row), jobId };
    },
  });

  route(app, {
    method: 'POST',
    url: '/api/calendar/subscriptions/:id/refresh',
    auth: 'write',
    tags: ['calendar'],
    summary: 'Refresh a calendar subscription now (a job)',
    params: IdParams,
    response: { 202: SubscriptionRefreshOutput },
    handler: async ({ scope, params }) => {
      const { row, jobId } = await refreshSubscription({ ...scope, id: params.id });
      return { subscription: presentSubscription(row), jobId };
    },
  });

  route(app, {
    method: 'DELETE',
    url: '/api/calendar/subscriptions/:id',
    auth: 'write',
    tags: ['calendar'],
    summary: 'Stop following a calendar feed; what it logged and planned stays',
    params: IdParams,
    response: { 204: z.null() },
    handler: async ({ scope, params }) => {
      await deleteSubscription({ ...scope, id: params.id });
      return null;
    },
  });
};
