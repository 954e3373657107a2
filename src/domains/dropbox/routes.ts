import type { FastifyPluginAsync } from 'fastify';
import { route } from '../../server/route.ts';
import { regenerateDropbox } from './dropbox.ts';
import { inboundDomainOf, presentDropbox } from './presenter.ts';
import { DropboxOutput } from './validators.ts';

/** The BCC and forward dropbox: its address is on GET /api/auth/me; here it is replaced. */
export const dropboxRoutes: FastifyPluginAsync = async (app) => {
  route(app, {
    method: 'POST',
    url: '/api/dropbox/regenerate',
    auth: 'write',
    tags: ['dropbox'],
    summary: 'Replace your dropbox address; mail to the old one is refused from now on',
    response: { 200: DropboxOutput },
    handler: async ({ scope, request }) =>
      presentDropbox(await regenerateDropbox(scope), inboundDomainOf(app, request)),
  });
};
