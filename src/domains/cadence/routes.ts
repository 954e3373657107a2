import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { route } from '../../server/route.ts';
import { todayUtc } from '../../shared/dates.ts';
import { pageOf } from '../../shared/pagination.ts';
import { IdParams, Limit } from '../../shared/validators.ts';
import { resolveOwner } from '../workspaces/resolve-owner.ts';
import { findOrphans } from './orphans.ts';
import { presentOrphan, presentTier, presentToday } from './presenter.ts';
import { createTier, deleteTier, findTiers, getTier, previewTierInterval, updateTier } from './tiers.ts';
import { findToday } from './today.ts';
import { OwnerFilter, TodayOutput, TodayQuery } from './today-validators.ts';
import {
  OrphanOutput,
  TierDeleteQuery,
  TierInput,
  TierOutput,
  TierPatch,
  TierPreviewOutput,
  TierPreviewQuery,
} from './validators.ts';

const tags = ['cadence'];

/** Tiers (the rating scale), Today (the ranked due list) and orphans ("No plan"). */
export const cadenceRoutes: FastifyPluginAsync = async (app) => {
  route(app, {
    method: 'GET',
    url: '/api/tiers',
    auth: 'read',
    tags,
    summary: 'List the rating scale',
    response: { 200: z.object({ items: z.array(TierOutput) }) },
    handler: async ({ scope }) => ({ items: (await findTiers(scope)).map(presentTier) }),
  });

  route(app, {
    method: 'POST',
    url: '/api/tiers',
    auth: 'admin',
    tags,
    summary: 'Create a tier (admins)',
    body: TierInput,
    response: { 201: TierOutput },
    handler: async ({ scope, body }) => presentTier(await createTier({ ...scope, input: body })),
  });

  route(app, {
    method: 'GET',
    url: '/api/tiers/:id',
    auth: 'read',
    tags,
    summary: 'Get a tier',
    params: IdParams,
    response: { 200: TierOutput },
    handler: async ({ scope, params }) => presentTier(await getTier({ ...scope, id: params.id })),
  });

  route(app, {
    method: 'PATCH',
    url: '/api/tiers/:id',
    auth: 'admin',
    tags,
    summary: "Change a tier (admins); a new interval re-times all of the tier's contacts at once",
    params: IdParams,
    body: TierPatch,
    response: { 200: TierOutput },
    handler: async ({ scope, params, body }) =>
      presentTier(await updateTier({ ...scope, id: params.id, input: body })),
  });

  route(app, {
    method: 'DELETE',
    url: '/api/tiers/:id',
    auth: 'admin',
    tags,
    summary: 'Delete a tier (admins; say where its contacts go with moveTo)',
    params: IdParams,
    query: TierDeleteQuery,
    response: { 204: z.null() },
    handler: async ({ scope, params, query }) => {
      await deleteTier({ ...scope, id: params.id, moveTo: query.moveTo });
      return null;
    },
  });

  route(app, {
    method: 'GET',
    url: '/api/tiers/:id/preview',
    auth: 'read',
    tags,
    summary: 'How many contacts of the tier would be due with another interval (nothing is saved)',
    params: IdParams,
    query: TierPreviewQuery,
    response: { 200: TierPreviewOutput },
    handler: async ({ scope, params, query }) =>
      previewTierInterval({
        ...scope,
        id: params.id,
        intervalDays: query.intervalDays === 'none' ? null : query.intervalDays,
        asOf: query.asOf,
      }),
  });

  route(app, {
    method: 'GET',
    url: '/api/today',
    auth: 'read',
    tags,
    summary: 'Who is due on a date, ranked, with talking points and counts',
    query: TodayQuery,
    response: { 200: TodayOutput },
    handler: async ({ scope, query }) => {
      const ownerId = await resolveOwner({ ...scope, owner: query.owner, field: 'query.owner' });
      const page = await findToday({
        ...scope,
        asOf: query.asOf ?? todayUtc(),
        ownerId,
        limit: query.limit,
        cursor: query.cursor,
      });
      return presentToday(page);
    },
  });

  route(app, {
    method: 'GET',
    url: '/api/orphans',
    auth: 'read',
    tags,
    summary: 'Contacts with no cadence and no next step ("No plan")',
    query: z.object({ owner: OwnerFilter, limit: Limit, cursor: z.string().max(500).optional() }),
    response: { 200: pageOf(OrphanOutput) },
    handler: async ({ scope, query }) => {
      const ownerId = await resolveOwner({ ...scope, owner: query.owner, field: 'query.owner' });
      const page = await findOrphans({ ...scope, ownerId, limit: query.limit, cursor: query.cursor });
      return { items: page.rows.map(presentOrphan), nextCursor: page.nextCursor };
    },
  });
};
