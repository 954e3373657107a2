import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inTransaction } from '../../db/transaction.ts';
import { caller } from '../../server/auth.ts';
import { pageOf } from '../../shared/pagination.ts';
import { IdParams } from '../../shared/validators.ts';
import { createCompany, deleteCompany, findCompanies, getCompany, updateCompany } from './service.ts';
import { CompanyCreateInput, CompanyListQuery, CompanyOutput, CompanyUpdateInput } from './validators.ts';

const tags = ['companies'];

/** Companies: CRUD and a name search. */
export const companyRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/companies',
    {
      config: { auth: 'write' },
      schema: {
        tags,
        summary: 'Create a company',
        body: CompanyCreateInput,
        response: { 201: CompanyOutput },
      },
    },
    async (request, reply) => {
      const auth = caller(request);
      const company = await inTransaction(app.db, (tx) =>
        createCompany({ db: tx, workspaceId: auth.workspaceId, actorId: auth.userId, input: request.body }),
      );
      return reply.status(201).send(company);
    },
  );

  app.get(
    '/api/companies',
    {
      config: { auth: 'read' },
      schema: {
        tags,
        summary: 'List companies by name, each with its number of contacts',
        querystring: CompanyListQuery,
        response: { 200: pageOf(CompanyOutput) },
      },
    },
    async (request) => {
      const auth = caller(request);
      return findCompanies({ db: app.db, workspaceId: auth.workspaceId, query: request.query });
    },
  );

  app.get(
    '/api/companies/:id',
    {
      config: { auth: 'read' },
      schema: { tags, summary: 'Get a company', params: IdParams, response: { 200: CompanyOutput } },
    },
    async (request) => {
      const auth = caller(request);
      return getCompany({ db: app.db, workspaceId: auth.workspaceId, id: request.params.id });
    },
  );

  app.patch(
    '/api/companies/:id',
    {
      config: { auth: 'write' },
      schema: {
        tags,
        summary: "Change a company; a rename updates its contacts' search",
        params: IdParams,
        body: CompanyUpdateInput,
        response: { 200: CompanyOutput },
      },
    },
    async (request) => {
      const auth = caller(request);
      return inTransaction(app.db, (tx) =>
        updateCompany({
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
    '/api/companies/:id',
    {
      config: { auth: 'write' },
      schema: {
        tags,
        summary: 'Delete a company; its contacts stay, unlinked',
        params: IdParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const auth = caller(request);
      await inTransaction(app.db, (tx) =>
        deleteCompany({ db: tx, workspaceId: auth.workspaceId, actorId: auth.userId, id: request.params.id }),
      );
      return reply.status(204).send(null);
    },
  );
};
