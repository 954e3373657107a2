import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { route } from '../../server/route.ts';
import { pageOf } from '../../shared/pagination.ts';
import { IdParams } from '../../shared/validators.ts';
import { createFact, deleteFact, findFacts, updateFact } from './facts.ts';
import { presentFact } from './presenter.ts';
import { FactInput, FactOutput, FactPatchInput, FactQuery } from './validators.ts';

const tags = ['facts'];

/** Personal facts about contacts. */
export const factRoutes: FastifyPluginAsync = async (app) => {
  route(app, {
    method: 'POST',
    url: '/api/contacts/:id/facts',
    auth: 'write',
    tags,
    summary: 'Record a personal detail a contact revealed',
    params: IdParams,
    body: FactInput,
    response: { 201: FactOutput },
    handler: async ({ scope, params, body }) =>
      presentFact(await createFact({ ...scope, contactId: params.id, input: body })),
  });

  route(app, {
    method: 'GET',
    url: '/api/contacts/:id/facts',
    auth: 'read',
    tags,
    summary: "A contact's facts, newest first",
    params: IdParams,
    query: FactQuery,
    response: { 200: pageOf(FactOutput) },
    handler: async ({ scope, params, query }) => {
      const page = await findFacts({ ...scope, contactId: params.id, ...query });
      return { items: page.rows.map(presentFact), nextCursor: page.nextCursor };
    },
  });

  route(app, {
    method: 'PATCH',
    url: '/api/facts/:id',
    auth: 'write',
    tags,
    summary: "Edit a fact's text or remind date",
    params: IdParams,
    body: FactPatchInput,
    response: { 200: FactOutput },
    handler: async ({ scope, params, body }) =>
      presentFact(await updateFact({ ...scope, id: params.id, input: body })),
  });

  route(app, {
    method: 'DELETE',
    url: '/api/facts/:id',
    auth: 'write',
    tags,
    summary: 'Delete a fact',
    params: IdParams,
    response: { 204: z.null() },
    handler: async ({ scope, params }) => {
      await deleteFact({ ...scope, id: params.id });
      return null;
    },
  });
};
