import type { FastifyPluginAsync } from 'fastify';
import { route } from '../../server/route.ts';
import { IdParams } from '../../shared/validators.ts';
import { getJob } from './get-job.ts';
import { presentJob } from './presenter.ts';
import { JobOutput } from './validators.ts';

/** Background jobs: how one is going (status, progress, the last error). */
export const jobRoutes: FastifyPluginAsync = async (app) => {
  route(app, {
    method: 'GET',
    url: '/api/jobs/:id',
    auth: 'read',
    tags: ['jobs'],
    summary: "A background job's status, progress and last error",
    params: IdParams,
    response: { 200: JobOutput },
    handler: async ({ scope, params }) => presentJob(await getJob({ ...scope, id: params.id })),
  });
};
