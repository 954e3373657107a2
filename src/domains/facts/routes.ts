import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { caller } from '../../server/auth.ts';
import { pageOf } from '../../shared/pagination.ts';
import { ErrorOutput, IdParams } from '../../shared/validators.ts';
import { createFact, deleteFact, findFacts, updateFact } from './facts.ts';
import { FactInput, FactOutput, FactPatchInput, FactQuery } from './validators.ts';

const tags = ['facts'];
const errors = { 400: ErrorOutput, 404: ErrorOutput };

/** Personal facts about contacts. */
export const factRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/contacts/:id/facts',
    {
      config: { auth: 'write' },
      schema: {
        tags,
        summary: 'Record a personal detail a contact revealed',
        params: IdParams,
        body: FactInput,
        response: { 201: FactOutput, ...errors },
      },
    },
    async (request, reply) => {
      const auth = caller(request);
      const fact = await app.db.transaction((tx) =>
        createFact({
          db: tx,
          workspaceId: auth.workspaceId,
          actorId: auth.userId,
          contactId: request.params.id,
          input: request.body,
        }),
      );
      return reply.status(201).send(fact);
    },
  );

  app.get(
    '/api/contacts/:id/facts',
    {
      config: { auth: 'read' },
      schema: {
        tags,
        summary: "A contact's facts, newest first",
        params: IdParams,
        querystring: FactQuery,
        response: { 200: pageOf(FactOutput), ...errors },
      },
    },
    async (request) => {
      const auth = caller(request);
      return findFacts({
        db: app.db,
        workspaceId: auth.workspaceId,
        contactId: request.params.id,
        ...request.query,
      });
    },
  );

  app.patch(
    '/api/facts/:id',
    {
      config: { auth: 'write' },
      schema: {
        tags,
        summary: "Edit a fact's text or remind date",
        params: IdParams,
        body: FactPatchInput,
        response: { 200: FactOutput, ...errors },
      },
    },
    async (request) => {
      const auth = caller(request);
      return app.db.transaction((tx) =>
        updateFact({
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
    '/api/facts/:id',
    {
      config: { auth: 'write' },
      schema: { tags, summary: 'Delete a fact', params: IdParams, response: { 204: z.null(), ...errors } },
    },
    async (request, reply) => {
      const auth = caller(request);
      await app.db.transaction((tx) =>
        deleteFact({ db: tx, workspaceId: auth.workspaceId, actorId: auth.userId, id: request.params.id }),
      );
      return reply.status(204).send(null);
    },
  );
};
