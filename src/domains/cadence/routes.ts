import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inTransaction } from '../../db/transaction.ts';
import { caller } from '../../server/auth.ts';
import { todayUtc } from '../../shared/dates.ts';
import { pageOf } from '../../shared/pagination.ts';
import { IdParams, Limit } from '../../shared/validators.ts';
import { resolveOwner } from '../workspaces/resolve-owner.ts';
import { findOrphans, OrphanOutput } from './orphans.ts';
import { createTier, deleteTier, findTiers, getTier, previewTierInterval, updateTier } from './tiers.ts';
import { findToday } from './today.ts';
import { OwnerFilter, TodayOutput, TodayQuery } from './today-validators.ts';
import {
  TierDeleteQuery,
  TierInput,
  TierOutput,
  TierPatch,
  TierPreviewOutput,
  TierPreviewQuery,
} from './validators.ts';

/** Tiers (the rating scale), Today (the ranked due list) and orphans ("No plan"). */
export const cadenceRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['cadence'];

  app.get(
    '/api/tiers',
    {
      config: { auth: 'read' },
      schema: {
        tags,
        summary: 'List the rating scale',
        response: { 200: z.object({ items: z.array(TierOutput) }) },
      },
    },
    async (request) => ({ items: await findTiers({ db: app.db, workspaceId: caller(request).workspaceId }) }),
  );

  app.post(
    '/api/tiers',
    {
      config: { auth: 'write' },
      schema: { tags, summary: 'Create a tier', body: TierInput, response: { 201: TierOutput } },
    },
    async (request, reply) => {
      const auth = caller(request);
      const tier = await inTransaction(app.db, (tx) =>
        createTier({ db: tx, workspaceId: auth.workspaceId, actorId: auth.userId, input: request.body }),
      );
      return reply.status(201).send(tier);
    },
  );

  app.get(
    '/api/tiers/:id',
    {
      config: { auth: 'read' },
      schema: { tags, summary: 'Get a tier', params: IdParams, response: { 200: TierOutput } },
    },
    async (request) =>
      getTier({ db: app.db, workspaceId: caller(request).workspaceId, id: request.params.id }),
  );

  app.patch(
    '/api/tiers/:id',
    {
      config: { auth: 'write' },
      schema: {
        tags,
        summary: "Change a tier; a new interval re-times all of the tier's contacts at once",
        params: IdParams,
        body: TierPatch,
        response: { 200: TierOutput },
      },
    },
    async (request) => {
      const auth = caller(request);
      return inTransaction(app.db, (tx) =>
        updateTier({
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
    '/api/tiers/:id',
    {
      config: { auth: 'write' },
      schema: {
        tags,
        summary: 'Delete a tier (say where its contacts go with moveTo)',
        params: IdParams,
        querystring: TierDeleteQuery,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const auth = caller(request);
      await inTransaction(app.db, (tx) =>
        deleteTier({
          db: tx,
          workspaceId: auth.workspaceId,
          actorId: auth.userId,
          id: request.params.id,
          moveTo: request.query.moveTo,
        }),
      );
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/tiers/:id/preview',
    {
      config: { auth: 'read' },
      schema: {
        tags,
        summary: 'How many contacts of the tier would be due with another interval (nothing is saved)',
        params: IdParams,
        querystring: TierPreviewQuery,
        response: { 200: TierPreviewOutput },
      },
    },
    async (request) =>
      previewTierInterval({
        db: app.db,
        workspaceId: caller(request).workspaceId,
        id: request.params.id,
        intervalDays: request.query.intervalDays === 'none' ? null : request.query.intervalDays,
        asOf: request.query.asOf,
      }),
  );

  app.get(
    '/api/today',
    {
      config: { auth: 'read', checksCredential: 'in-statement' },
      schema: {
        tags,
        summary: 'Who is due on a date, ranked, with talking points and counts',
        querystring: TodayQuery,
        response: { 200: TodayOutput },
      },
    },
    async (request) => {
      const auth = caller(request);
      const { asOf, owner, limit, cursor } = request.query;
      const ownerId = await resolveOwner({
        db: app.db,
        workspaceId: auth.workspaceId,
        callerId: auth.userId,
        owner,
        field: 'query.owner',
      });
      return findToday({
        db: app.db,
        workspaceId: auth.workspaceId,
        asOf: asOf ?? todayUtc(),
        ownerId,
        limit,
        cursor,
        gate: auth.gate,
      });
    },
  );

  app.get(
    '/api/orphans',
    {
      config: { auth: 'read' },
      schema: {
        tags,
        summary: 'Contacts with no cadence and no next step ("No plan")',
        querystring: z.object({ owner: OwnerFilter, limit: Limit, cursor: z.string().max(500).optional() }),
        response: { 200: pageOf(OrphanOutput) },
      },
    },
    async (request) => {
      const auth = caller(request);
      const { owner, limit, cursor } = request.query;
      const ownerId = await resolveOwner({
        db: app.db,
        workspaceId: auth.workspaceId,
        callerId: auth.userId,
        owner,
        field: 'query.owner',
      });
      return findOrphans({ db: app.db, workspaceId: auth.workspaceId, ownerId, limit, cursor });
    },
  );
};
