import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { caller } from '../../server/auth.ts';
import { ErrorOutput, IdParams } from '../../shared/validators.ts';
import { getJob } from './get-job.ts';
import { presentJob } from './presenter.ts';
import { JobOutput } from './validators.ts';

/** Background jobs: how one is going (status, progress, the last error). */
export const jobRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/jobs/:id',
    {
      config: { auth: 'read' },
      schema: {
        tags: ['jobs'],
        summary: "A background job's status, progress and last error",
        params: IdParams,
        response: { 200: JobOutput, 400: ErrorOutput, 404: ErrorOutput },
      },
    },
    async (request) => {
      const auth = caller(request);
      return presentJob(await getJob({ db: app.db, workspaceId: auth.workspaceId, id: request.params.id }));
    },
  );
};
