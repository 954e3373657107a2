import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inTransaction } from '../../db/transaction.ts';
import { caller } from '../../server/auth.ts';
import { IdParams } from '../../shared/validators.ts';
import { findContacts } from './find-contacts.ts';
import { ContactOutput } from './presenter.ts';
import { bulkUpdateContacts, createContact, deleteContact, getContact, updateContact } from './service.ts';
import {
  BulkContactsInput,
  ContactCreateInput,
  ContactListQuery,
  ContactPageOutput,
  ContactUpdateInput,
} from './validators.ts';

const tags = ['contacts'];

/** Contacts: CRUD, fuzzy search with filters, and bulk changes. */
export const contactRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/contacts',
    {
      config: { auth: 'write' },
      schema: {
        tags,
        summary: 'Create a contact',
        body: ContactCreateInput,
        response: { 201: ContactOutput },
      },
    },
    async (request, reply) => {
      const auth = caller(request);
      const contact = await inTransaction(app.db, (tx) =>
        createContact({ db: tx, workspaceId: auth.workspaceId, actorId: auth.userId, input: request.body }),
      );
      return reply.status(201).send(contact);
    },
  );

  app.get(
    '/api/contacts',
    {
      config: { auth: 'read' },
      schema: {
        tags,
        summary: 'List contacts by name, or search them (q) by fuzzy name, email or company',
        querystring: ContactListQuery,
        response: { 200: ContactPageOutput },
      },
    },
    async (request) => {
      const auth = caller(request);
      return findContacts({
        db: app.db,
        workspaceId: auth.workspaceId,
        actorId: auth.userId,
        query: request.query,
      });
    },
  );

  app.post(
    '/api/contacts/bulk',
    {
      config: { auth: 'write' },
      schema: {
        tags,
        summary: 'Change the tier, owner, stage or tags of many contacts at once (all or nothing)',
        body: BulkContactsInput,
        response: { 200: z.object({ updated: z.number().int() }) },
      },
    },
    async (request) => {
      const auth = caller(request);
      return inTransaction(app.db, (tx) =>
        bulkUpdateContacts({
          db: tx,
          workspaceId: auth.workspaceId,
          actorId: auth.userId,
          input: request.body,
        }),
      );
    },
  );

  app.get(
    '/api/contacts/:id',
    {
      config: { auth: 'read' },
      schema: {
        tags,
        summary: 'Get a contact with its due state',
        params: IdParams,
        response: { 200: ContactOutput },
      },
    },
    async (request) => {
      const auth = caller(request);
      return getContact({ db: app.db, workspaceId: auth.workspaceId, id: request.params.id });
    },
  );

  app.patch(
    '/api/contacts/:id',
    {
      config: { auth: 'write' },
      schema: {
        tags,
        summary: 'Change a contact (only the fields sent; emails replaces the list)',
        params: IdParams,
        body: ContactUpdateInput,
        response: { 200: ContactOutput },
      },
    },
    async (request) => {
      const auth = caller(request);
      return inTransaction(app.db, (tx) =>
        updateContact({
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
    '/api/contacts/:id',
    {
      config: { auth: 'write' },
      schema: {
        tags,
        summary: 'Delete a contact and everything recorded about it',
        params: IdParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const auth = caller(request);
      await inTransaction(app.db, (tx) =>
        deleteContact({ db: tx, workspaceId: auth.workspaceId, actorId: auth.userId, id: request.params.id }),
      );
      return reply.status(204).send(null);
    },
  );
};
