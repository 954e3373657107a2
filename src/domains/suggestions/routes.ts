import type { FastifyPluginAsync } from 'fastify';
import { route } from '../../server/route.ts';
import { IdParams } from '../../shared/validators.ts';
import { presentContact } from '../contacts/presenter.ts';
import { ContactOutput } from '../contacts/validators.ts';
import { presentSuggestion } from './presenter.ts';
import { acceptSuggestion, findSuggestions, ignoreSuggestion } from './suggestions.ts';
import {
  AcceptInput,
  IgnoredOutput,
  IgnoreInput,
  RestoredOutput,
  SuggestionListOutput,
  SuggestionQuery,
} from './validators.ts';

const TAGS = ['suggested contacts'];

/** People your mail is with who are not contacts: accept (a contact, with their mail) or ignore. */
export const suggestionRoutes: FastifyPluginAsync = async (app) => {
  route(app, {
    method: 'GET',
    url: '/api/suggested-contacts',
    auth: 'read',
    tags: TAGS,
    summary: 'People your synced mail is with who are not contacts, two-way and most frequent first',
    query: SuggestionQuery,
    response: { 200: SuggestionListOutput },
    handler: async ({ scope, query }) => {
      const { rows, total } = await findSuggestions({ ...scope, ...query });
      return { items: rows.map(presentSuggestion), total };
    },
  });

  route(app, {
    method: 'POST',
    url: '/api/suggested-contacts/:id/accept',
    auth: 'write',
    tags: TAGS,
    summary: 'Make a suggestion a contact (yours, source `mailbox`), with the mail it was seen in',
    params: IdParams,
    body: AcceptInput,
    response: { 201: ContactOutput },
    handler: async ({ scope, params, body }) =>
      presentContact(await acceptSuggestion({ ...scope, id: params.id, input: body })),
  });

  route(app, {
    method: 'POST',
    url: '/api/suggested-contacts/:id/ignore',
    auth: 'write',
    tags: TAGS,
    summary: 'Ignore a suggestion, or its whole domain (then never logged or suggested again)',
    params: IdParams,
    body: IgnoreInput,
    response: { 200: IgnoredOutput },
    handler: async ({ scope, params, body }) => {
      const rows = await ignoreSuggestion({ ...scope, id: params.id, domain: body.scope === 'domain' });
      return { ignored: rows.map(presentSuggestion) };
    },
  });

  route(app, {
    method: 'POST',
    url: '/api/suggested-contacts/:id/restore',
    auth: 'write',
    tags: TAGS,
    summary: 'Undo an ignore (of the address, or with scope domain of its domain)',
    params: IdParams,
    body: IgnoreInput,
    response: { 200: RestoredOutput },
    handler: async ({ scope, params, body }) => {
      const rows = await ignoreSuggestion({
        ...scope,
        id: params.id,
        domain: body.scope === 'domain',
        restore: true,
      });
      return { restored: rows.map(presentSuggestion) };
    },
  });
};
