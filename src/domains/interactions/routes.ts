import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { route } from '../../server/route.ts';
import { pageOf } from '../../shared/pagination.ts';
import { IdParams } from '../../shared/validators.ts';
import { deleteInteraction, getInteraction, undoInteraction, updateInteraction } from './interactions.ts';
import { logInteraction } from './log-interaction.ts';
import { nextStepRoutes } from './next-step-routes.ts';
import { presentInteraction, presentLogged } from './presenter.ts';
import { findCompanyTimeline, findContactTimeline } from './timeline.ts';
import {
  InteractionInput,
  InteractionOutput,
  InteractionPatchInput,
  LoggedInteractionOutput,
  PageQuery,
} from './validators.ts';

const tags = ['interactions'];

/** Interactions, next steps and timelines. */
export const interactionRoutes: FastifyPluginAsync = async (app) => {
  route(app, {
    method: 'POST',
    url: '/api/interactions',
    auth: 'write',
    tags,
    summary: 'Log a call, meeting, email, message, letter or note with one or more contacts',
    description:
      "Updates the contacts' due state. An outbound touch completes their next steps due on or before its " +
      'date. A call or meeting without nextStep is flagged (nextStepMissing) or, when a tier requires a ' +
      'next step, refused with 422. Re-sending the same source and externalId returns the first (200).',
    body: InteractionInput,
    response: { 201: LoggedInteractionOutput, 200: LoggedInteractionOutput },
    status: 201,
    errors: [422],
    handler: async ({ scope, auth, body, reply }) => {
      const logged = await logInteraction({ ...scope, input: body, via: auth.via });
      if (logged.duplicate) reply.status(200);
      return presentLogged(logged);
    },
  });

  route(app, {
    method: 'GET',
    url: '/api/interactions/:id',
    auth: 'read',
    tags,
    summary: 'One interaction with its contacts',
    params: IdParams,
    response: { 200: InteractionOutput },
    handler: async ({ scope, params }) =>
      presentInteraction(await getInteraction({ ...scope, id: params.id })),
  });

  route(app, {
    method: 'PATCH',
    url: '/api/interactions/:id',
    auth: 'write',
    tags,
    summary: "Edit an interaction's summary, body, date or kind (recomputes its contacts' due state)",
    params: IdParams,
    body: InteractionPatchInput,
    response: { 200: InteractionOutput },
    handler: async ({ scope, params, body }) =>
      presentInteraction(await updateInteraction({ ...scope, id: params.id, input: body })),
  });

  route(app, {
    method: 'DELETE',
    url: '/api/interactions/:id',
    auth: 'write',
    tags,
    summary: "Delete an interaction (members: only their own); recomputes its contacts' due state",
    params: IdParams,
    response: { 204: z.null() },
    handler: async ({ scope, params }) => {
      await deleteInteraction({ ...scope, id: params.id });
      return null;
    },
  });

  route(app, {
    method: 'POST',
    url: '/api/interactions/:id/undo',
    auth: 'write',
    tags,
    summary: 'Undo logging an interaction: delete it and the steps it planned, reopen the steps it completed',
    description: "Afterwards its contacts' due state is what it was before it was logged.",
    params: IdParams,
    response: { 204: z.null() },
    handler: async ({ scope, params }) => {
      await undoInteraction({ ...scope, id: params.id });
      return null;
    },
  });

  route(app, {
    method: 'GET',
    url: '/api/contacts/:id/timeline',
    auth: 'read',
    tags,
    summary: "A contact's interactions, newest first",
    params: IdParams,
    query: PageQuery,
    response: { 200: pageOf(InteractionOutput) },
    handler: async ({ scope, params, query }) => {
      const page = await findContactTimeline({ ...scope, contactId: params.id, ...query });
      return { items: page.rows.map(presentInteraction), nextCursor: page.nextCursor };
    },
  });

  route(app, {
    method: 'GET',
    url: '/api/companies/:id/timeline',
    auth: 'read',
    tags,
    summary: "Every interaction with a company's contacts, newest first, each once",
    params: IdParams,
    query: PageQuery,
    response: { 200: pageOf(InteractionOutput) },
    handler: async ({ scope, params, query }) => {
      const page = await findCompanyTimeline({ ...scope, companyId: params.id, ...query });
      return { items: page.rows.map(presentInteraction), nextCursor: page.nextCursor };
    },
  });

  await app.register(nextStepRoutes);
};
