import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { route } from '../../server/route.ts';
import { pageOf } from '../../shared/pagination.ts';
import { IdParams } from '../../shared/validators.ts';
import { presentCompany } from './presenter.ts';
import { createCompany, deleteCompany, findCompanies, getCompany, updateCompany } from './service.ts';
import { CompanyCreateInput, CompanyListQuery, CompanyOutput, CompanyUpdateInput } from './validators.ts';

const tags = ['companies'];

/** Companies: CRUD and a name search. */
export const companyRoutes: FastifyPluginAsync = async (app) => {
  route(app, {
    method: 'POST',
    url: '/api/companies',
    auth: 'write',
    tags,
    summary: 'Create a company',
    body: CompanyCreateInput,
    response: { 201: CompanyOutput },
    handler: async ({ scope, body }) => presentCompany(await createCompany({ ...scope, input: body })),
  });

  route(app, {
    method: 'GET',
    url: '/api/companies',
    auth: 'read',
    tags,
    summary: 'List companies by name, each with its number of contacts',
    query: CompanyListQuery,
    response: { 200: pageOf(CompanyOutput) },
    handler: async ({ scope, query }) => {
      const page = await findCompanies({ ...scope, query });
      return { items: page.rows.map(presentCompany), nextCursor: page.nextCursor };
    },
  });

  route(app, {
    method: 'GET',
    url: '/api/companies/:id',
    auth: 'read',
    tags,
    summary: 'Get a company',
    params: IdParams,
    response: { 200: CompanyOutput },
    handler: async ({ scope, params }) => presentCompany(await getCompany({ ...scope, id: params.id })),
  });

  route(app, {
    method: 'PATCH',
    url: '/api/companies/:id',
    auth: 'write',
    tags,
    summary: "Change a company; a rename updates its contacts' search",
    params: IdParams,
    body: CompanyUpdateInput,
    response: { 200: CompanyOutput },
    handler: async ({ scope, params, body }) =>
      presentCompany(await updateCompany({ ...scope, id: params.id, input: body })),
  });

  route(app, {
    method: 'DELETE',
    url: '/api/companies/:id',
    auth: 'admin',
    tags,
    summary: 'Delete a company (admins); its contacts stay, unlinked',
    params: IdParams,
    response: { 204: z.null() },
    handler: async ({ scope, params }) => {
      await deleteCompany({ ...scope, id: params.id });
      return null;
    },
  });
};
