import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inTransaction } from '../../db/transaction.ts';
import { caller } from '../../server/auth.ts';
import { pageOf } from '../../shared/pagination.ts';
import { ErrorOutput, IdParams } from '../../shared/validators.ts';
import { createNextStep, deleteNextStep, findNextSteps, updateNextStep } from './next-steps.ts';
import { NextStepInput, NextStepOutput, NextStepPatchInput, NextStepQuery } from './validators.ts';

const tags = ['next steps'];
const errors = { 400: ErrorOutput, 404: ErrorOutput };

/** Next steps: planned actions with a due date, which win over a contact's cadence while open. */
export const nextStepRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/next-steps',
    {
      config: { auth: 'read' },
      schema: {
        tags,
        summary: 'Next steps by due date, optionally of one contact (open ones by default)',
        querystring: NextStepQuery,
        response: { 200: pageOf(NextStepOutput), ...errors },
      },
    },
    async (request) => {
      const auth = caller(request);
      return findNextSteps({ db: app.db, workspaceId: auth.workspaceId, query: request.query });
    },
  );

  app.post(
    '/api/next-steps',
    {
      config: { auth: 'write' },
      schema: {
        tags,
        summary: 'Plan a next step for a contact',
        body: NextStepInput,
        response: { 201: NextStepOutput, ...errors },
      },
    },
    async (request, reply) => {
      const auth = caller(request);
      const step = await inTransaction(app.db, (tx) =>
        createNextStep({ db: tx, workspaceId: auth.workspaceId, actorId: auth.userId, input: request.body }),
      );
      return reply.status(201).send(step);
    },
  );

  app.patch(
    '/api/next-steps/:id',
    {
      config: { auth: 'write' },
      schema: {
        tags,
        summary: 'Edit, complete (done: true) or reopen (done: false) a next step',
        params: IdParams,
        body: NextStepPatchInput,
        response: { 200: NextStepOutput, ...errors },
      },
    },
    async (request) => {
      const auth = caller(request);
      return inTransaction(app.db, (tx) =>
        updateNextStep({
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
    '/api/next-steps/:id',
    {
      config: { auth: 'write' },
      schema: {
        tags,
        summary: 'Delete a next step',
        params: IdParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const auth = caller(request);
      await inTransaction(app.db, (tx) =>
        deleteNextStep({
          db: tx,
          workspaceId: auth.workspaceId,
          actorId: auth.userId,
          id: request.params.id,
        }),
      );
      return reply.status(204).send(null);
    },
  );
};
