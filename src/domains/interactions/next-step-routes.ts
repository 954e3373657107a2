import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { route } from '../../server/route.ts';
import { pageOf } from '../../shared/pagination.ts';
import { IdParams } from '../../shared/validators.ts';
import { createNextStep, deleteNextStep, findNextSteps, updateNextStep } from './next-steps.ts';
import { presentNextStep } from './presenter.ts';
import { NextStepInput, NextStepOutput, NextStepPatchInput, NextStepQuery } from './validators.ts';

const tags = ['next steps'];

/** Next steps: planned actions with a due date, which win over a contact's cadence while open. */
export const nextStepRoutes: FastifyPluginAsync = async (app) => {
  route(app, {
    method: 'GET',
    url: '/api/next-steps',
    auth: 'read',
    tags,
    summary: 'Next steps by due date, optionally of one contact (open ones by default)',
    query: NextStepQuery,
    response: { 200: pageOf(NextStepOutput) },
    handler: async ({ scope, query }) => {
      const page = await findNextSteps({ ...scope, query });
      return { items: page.rows.map(presentNextStep), nextCursor: page.nextCursor };
    },
  });

  route(app, {
    method: 'POST',
    url: '/api/next-steps',
    auth: 'write',
    tags,
    summary: 'Plan a next step for a contact',
    body: NextStepInput,
    response: { 201: NextStepOutput },
    handler: async ({ scope, body }) => presentNextStep(await createNextStep({ ...scope, input: body })),
  });

  route(app, {
    method: 'PATCH',
    url: '/api/next-steps/:id',
    auth: 'write',
    tags,
    summary: 'Edit, complete (done: true) or reopen (done: false) a next step',
    params: IdParams,
    body: NextStepPatchInput,
    response: { 200: NextStepOutput },
    handler: async ({ scope, params, body }) =>
      presentNextStep(await updateNextStep({ ...scope, id: params.id, input: body })),
  });

  route(app, {
    method: 'DELETE',
    url: '/api/next-steps/:id',
    auth: 'write',
    tags,
    summary: 'Delete a next step (members: only those they planned)',
    params: IdParams,
    response: { 204: z.null() },
    handler: async ({ scope, params }) => {
      await deleteNextStep({ ...scope, id: params.id });
      return null;
    },
  });
};
