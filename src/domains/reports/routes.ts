import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { route } from '../../server/route.ts';
import { IsoDate } from '../../shared/validators.ts';
import { OwnerFilter } from '../cadence/today-validators.ts';
import { resolveOwner } from '../workspaces/resolve-owner.ts';
import { persistenceReport } from './persistence.ts';

const Share = z.number().min(0).max(1);

const PersistenceOutput = z.object({
  leads: z.number().int().describe('Open leads: stage lead, qualified or opportunity'),
  attempts: z
    .record(z.string(), z.number().int())
    .describe('How many open leads have had 0, 1, 2, 3, 4 and 5+ attempts since their last answer'),
  neverFollowedUp: Share.describe('The share with no attempt since their last answer (or ever)'),
  reachedFifth: Share.describe('The share that got a fifth attempt'),
  repliedByAttempt: z
    .array(z.object({ attempt: z.string(), replies: z.number().int(), share: Share }))
    .describe('Of the leads that got that many attempts, the share that first answered right after it'),
  stalled: z
    .array(
      z.object({
        ownerId: z.uuid().nullable(),
        ownerName: z.string().nullable(),
        count: z.number().int(),
        leads: z.array(
          z.object({
            id: z.uuid(),
            name: z.string(),
            attempts: z.number().int(),
            lastAttemptAt: z.string().nullable(),
          }),
        ),
      }),
    )
    .describe('Per owner, leads with no answer, fewer than 5 attempts, and none in twice their cadence'),
});

/** Reports: numbers that say where follow-up stalls. */
export const reportRoutes: FastifyPluginAsync = async (app) => {
  route(app, {
    method: 'GET',
    url: '/api/reports/persistence',
    auth: 'read',
    tags: ['reports'],
    summary: 'Persistence: attempts per open lead, who was never followed up, who stalls before the fifth',
    description:
      'An attempt is an outbound touch or attempt (a call that did not connect counts) since the lead last ' +
      'answered, or since it was added. `since` keeps the leads added from that day.',
    query: z.object({ owner: OwnerFilter.default('all'), since: IsoDate.optional() }),
    response: { 200: PersistenceOutput },
    handler: async ({ scope, query }) => {
      const ownerId = await resolveOwner({ ...scope, owner: query.owner, field: 'query.owner' });
      return persistenceReport({ ...scope, ownerId, since: query.since });
    },
  });
};
