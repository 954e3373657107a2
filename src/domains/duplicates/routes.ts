import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { inTransaction } from '../../db/transaction.ts';
import { route } from '../../server/route.ts';
import { todayUtc } from '../../shared/dates.ts';
import { IdParams } from '../../shared/validators.ts';
import { presentContact } from '../contacts/presenter.ts';
import { getContact } from '../contacts/service.ts';
import { ContactOutput } from '../contacts/validators.ts';
import { dismissDuplicates } from './dismiss.ts';
import { findDuplicates } from './find-duplicates.ts';
import { mergeContacts } from './merge.ts';
import { presentDuplicatePair } from './presenter.ts';
import { DismissInput, DuplicateListQuery, DuplicatePageOutput, MergeInput } from './validators.ts';

const tags = ['duplicates'];

/** Duplicate candidates, "not a duplicate", and merging one contact into another. */
export const duplicateRoutes: FastifyPluginAsync = async (app) => {
  route(app, {
    method: 'GET',
    url: '/api/duplicates',
    auth: 'read',
    tags,
    summary:
      'Pairs of contacts that look like one person (same email, phone or LinkedIn, or a similar name at one company), most likely first',
    query: DuplicateListQuery,
    response: { 200: DuplicatePageOutput },
    handler: async ({ scope, query }) => {
      // A read-only transaction of its own, for the finder's SET LOCAL (find-duplicates.ts).
      const page = await inTransaction(scope.db, (tx) =>
        findDuplicates({ ...scope, db: tx, limit: query.limit, cursor: query.cursor }),
      );
      const today = todayUtc();
      return {
        items: page.pairs.map((pair) => presentDuplicatePair(pair, today)),
        nextCursor: page.nextCursor,
      };
    },
  });

  route(app, {
    method: 'POST',
    url: '/api/duplicates/dismiss',
    auth: 'write',
    tags,
    summary: 'Say these contacts are not one person, so they are not suggested again',
    body: DismissInput,
    response: { 200: z.object({ dismissed: z.number().int().describe('Pairs remembered') }) },
    handler: async ({ scope, body }) => dismissDuplicates({ ...scope, contactIds: body.contactIds }),
  });

  route(app, {
    method: 'POST',
    url: '/api/contacts/:id/merge',
    auth: 'write',
    tags,
    summary:
      'Merge another contact into this one: everything moves here and the other is deleted (members: only a contact they own can be merged away)',
    params: IdParams,
    body: MergeInput,
    response: { 200: ContactOutput },
    handler: async ({ scope, params, body }) => {
      await mergeContacts({ ...scope, id: params.id, duplicateId: body.duplicateId });
      return presentContact(await getContact({ ...scope, id: params.id }));
    },
  });
};
