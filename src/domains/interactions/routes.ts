import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inTransaction } from '../../db/transaction.ts';
import { caller } from '../../server/auth.ts';
import { pageOf } from '../../shared/pagination.ts';
import { ErrorOutput, IdParams } from '../../shared/validators.ts';
import { deleteInteraction, getInteraction, updateInteraction } from './interactions.ts';
import { logInteraction } from './log-interaction.ts';
import { nextStepRoutes } from './next-step-routes.ts';
import { findCompanyTimeline, findContactTimeline } from './timeline.ts';
import {
  InteractionInput,
  InteractionOutput,
  InteractionPatchInput,
  LoggedInteractionOutput,
  PageQuery,
} from './validators.ts';

const tags = ['interactions'];
const errors = { 400: ErrorOutput, 404: ErrorOutput };

/** Interactions, next steps and timelines. */
export const interactionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/interactions',
    {
      config: { auth: 'write' },
      schema: {
        tags,
        summary: 'Log a call, meeting, email, message, letter or note with one or more contacts',
        description:
          "Updates the contacts' due state. An outbound touch completes their next steps due on or before its " +
          'date. A call or meeting without nextStep is flagged (nextStepMissing) or, when a tier requires a ' +
          'next step, refused with 422. Re-sending the same source and externalId returns the first (200).',
        body: InteractionInput,
        response: { 200: LoggedInteractionOutput, 201: LoggedInteractionOutput, 422: ErrorOutput, ...errors },
      },
    },
    async (request, reply) => {
      const auth = caller(request);
      const logged = await inTransaction(app.db, (tx) =>
        logInteraction({
          db: tx,
          workspaceId: auth.workspaceId,
          actorId: auth.userId,
          input: request.body,
          via: auth.via,
        }),
      );
      return reply.status(logged.duplicate ? 200 : 201).send(logged);
    },
  );

  app.get(
    '/api/interactions/:id',
    {
      config: { auth: 'read' },
      schema: {
        tags,
        summary: 'One interaction with its contacts',
        params: IdParams,
        response: { 200: InteractionOutput, ...errors },
      },
    },
    async (request) => {
      const auth = caller(request);
      return getInteraction({ db: app.db, workspaceId: auth.workspaceId, id: request.params.id });
    },
  );

  app.patch(
    '/api/interactions/:id',
    {
      config: { auth: 'write' },
      schema: {
        tags,
        summary: "Edit an interaction's summary, body, date or kind (recomputes its contacts' due state)",
        params: IdParams,
        body: InteractionPatchInput,
        response: { 200: InteractionOutput, ...errors },
      },
    },
    async (request) => {
      const auth = caller(request);
      return inTransaction(app.db, (tx) =>
        updateInteraction({
          db: tx,
          workspaceId: auth.workspaceId,
          actorId: auth.userId,
          id: request.params.id,
          input: request.body,
        }),
      );
    },
  );

  app.delete(
    '/api/interactions/:id',
    {
      config: { auth: 'write' },
      schema: {
        tags,
        summary: "Delete an interaction (recomputes its contacts' due state)",
        params: IdParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const auth = caller(request);
      await inTransaction(app.db, (tx) =>
        deleteInteraction({
          db: tx,
          workspaceId: auth.workspaceId,
          actorId: auth.userId,
          id: request.params.id,
        }),
      );
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/contacts/:id/timeline',
    {
      config: { auth: 'read' },
      schema: {
        tags,
        summary: "A contact's interactions, newest first",
        params: IdParams,
        querystring: PageQuery,
        response: { 200: pageOf(InteractionOutput), ...errors },
      },
    },
    async (request) => {
      const auth = caller(request);
      return findContactTimeline({
        db: app.db,
        workspaceId: auth.workspaceId,
        contactId: request.params.id,
        ...request.query,
      });
    },
  );

  app.get(
    '/api/companies/:id/timeline',
    {
      config: { auth: 'read' },
      schema: {
        tags,
        summary: "Every interaction with a company's contacts, newest first, each once",
        params: IdParams,
        querystring: PageQuery,
        response: { 200: pageOf(InteractionOutput), ...errors },
      },
    },
    async (request) => {
      const auth = caller(request);
      return findCompanyTimeline({
        db: app.db,
        workspaceId: auth.workspaceId,
        companyId: request.params.id,
        ...request.query,
      });
    },
  );

  await app.register(nextStepRoutes);
};
