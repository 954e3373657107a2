import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { route } from '../../server/route.ts';
import { todayUtc } from '../../shared/dates.ts';
import { IdParams } from '../../shared/validators.ts';
import { attemptsOf } from '../reports/persistence.ts';
import { EXPORT_FILES, exportStream } from './export/stream.ts';
import { findContacts } from './find-contacts.ts';
import { presentContact } from './presenter.ts';
import { bulkUpdateContacts, createContact, deleteContact, getContact, updateContact } from './service.ts';
import {
  BulkContactsInput,
  ContactCreateInput,
  ContactExportQuery,
  ContactListQuery,
  ContactOutput,
  ContactPageOutput,
  ContactUpdateInput,
} from './validators.ts';

const tags = ['contacts'];

/** Contacts: CRUD, fuzzy search with filters, and bulk changes. */
export const contactRoutes: FastifyPluginAsync = async (app) => {
  route(app, {
    method: 'POST',
    url: '/api/contacts',
    auth: 'write',
    tags,
    summary: 'Create a contact',
    body: ContactCreateInput,
    response: { 201: ContactOutput },
    handler: async ({ scope, body }) => presentContact(await createContact({ ...scope, input: body })),
  });

  route(app, {
    method: 'GET',
    url: '/api/contacts',
    auth: 'read',
    tags,
    summary: 'List contacts by name, or search them (q) by fuzzy name, email or company',
    query: ContactListQuery,
    response: { 200: ContactPageOutput },
    handler: async ({ scope, query }) => {
      const page = await findContacts({ ...scope, query });
      const today = todayUtc();
      return { items: page.rows.map((row) => presentContact(row, today)), nextCursor: page.nextCursor };
    },
  });

  route(app, {
    method: 'GET',
    url: '/api/contacts/export',
    auth: 'read',
    tags,
    summary: "Download the contacts of the list's filters as vCard (4.0, or 3.0) or CSV, streamed",
    description:
      'Facts go out as NOTE (vCard) or the Facts column (CSV), never another person\'s private fact. CSV joins multiple emails, phones, tags and facts with " ::: ".',
    query: ContactExportQuery,
    response: { 200: z.string().describe('text/vcard or text/csv') },
    handler: async ({ scope, query, reply }) => {
      const { format, version, ...filters } = query;
      const file = EXPORT_FILES[format];
      reply.header('content-type', file.type);
      reply.header('content-disposition', `attachment; filename="${file.name}"`);
      reply.header('cache-control', 'no-store');
      return reply.send(exportStream({ ...scope, filters, format, version }));
    },
  });

  route(app, {
    method: 'POST',
    url: '/api/contacts/bulk',
    auth: 'write',
    tags,
    summary: 'Change the tier, owner, stage or tags of many contacts at once (all or nothing)',
    body: BulkContactsInput,
    response: { 200: z.object({ updated: z.number().int() }) },
    handler: async ({ scope, body }) => bulkUpdateContacts({ ...scope, input: body }),
  });

  route(app, {
    method: 'GET',
    url: '/api/contacts/:id',
    auth: 'read',
    tags,
    summary: 'Get a contact with its due state, and for an open lead its attempts since it last answered',
    params: IdParams,
    response: { 200: ContactOutput },
    handler: async ({ scope, params }) => ({
      ...presentContact(await getContact({ ...scope, id: params.id })),
      attempts: await attemptsOf({ ...scope, contactId: params.id }),
    }),
  });

  route(app, {
    method: 'PATCH',
    url: '/api/contacts/:id',
    auth: 'write',
    tags,
    summary: 'Change a contact (only the fields sent; emails replaces the list)',
    params: IdParams,
    body: ContactUpdateInput,
    response: { 200: ContactOutput },
    handler: async ({ scope, params, body }) =>
      presentContact(await updateContact({ ...scope, id: params.id, input: body })),
  });

  route(app, {
    method: 'DELETE',
    url: '/api/contacts/:id',
    auth: 'write',
    tags,
    summary: 'Delete a contact and everything recorded only about it (members: only their own contacts)',
    params: IdParams,
    response: { 204: z.null() },
    handler: async ({ scope, params }) => {
      await deleteContact({ ...scope, id: params.id });
      return null;
    },
  });
};
