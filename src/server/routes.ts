import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditRoutes } from '../domains/audit/routes.ts';
import { cadenceRoutes } from '../domains/cadence/routes.ts';
import { calendarRoutes } from '../domains/calendar/routes.ts';
import { companyRoutes } from '../domains/companies/routes.ts';
import { contactRoutes } from '../domains/contacts/routes.ts';
import { dropboxRoutes } from '../domains/dropbox/routes.ts';
import { duplicateRoutes } from '../domains/duplicates/routes.ts';
import { factRoutes } from '../domains/facts/routes.ts';
import { importRoutes } from '../domains/imports/routes.ts';
import { interactionRoutes } from '../domains/interactions/routes.ts';
import { jobRoutes } from '../domains/jobs/routes.ts';
import { mailboxRoutes } from '../domains/mailboxes/routes.ts';
import { outboxRoutes } from '../domains/outbox/routes.ts';
import { reportRoutes } from '../domains/reports/routes.ts';
import { sequenceRoutes } from '../domains/sequences/routes.ts';
import { suggestionRoutes } from '../domains/suggestions/routes.ts';
import { profileRoutes } from '../domains/team/profile-routes.ts';
import { teamRoutes } from '../domains/team/routes.ts';
import { templateRoutes } from '../domains/templates/routes.ts';
import { workspaceRoutes } from '../domains/workspaces/routes.ts';
import { localCliRoutes } from './local-cli.ts';

/** Every domain's routes, registered in one place. */
export const apiRoutes: FastifyPluginAsyncZod<{
  demoLogin: { email: string; password: string } | null;
}> = async (app, options) => {
  app.get(
    '/api/meta',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['meta'],
        summary: 'Public facts about this server, such as the demo login in demo mode',
        response: {
          200: z.object({
            version: z.string(),
            demoLogin: z.object({ email: z.string(), password: z.string() }).nullable(),
          }),
        },
      },
    },
    async () => ({ version: '0.1.0', demoLogin: options.demoLogin }),
  );
  await app.register(workspaceRoutes);
  await app.register(profileRoutes);
  await app.register(teamRoutes);
  await app.register(auditRoutes);
  await app.register(cadenceRoutes);
  await app.register(companyRoutes);
  await app.register(contactRoutes);
  await app.register(duplicateRoutes);
  await app.register(interactionRoutes);
  await app.register(factRoutes);
  await app.register(jobRoutes);
  await app.register(importRoutes);
  await app.register(calendarRoutes);
  await app.register(mailboxRoutes);
  await app.register(suggestionRoutes);
  await app.register(templateRoutes);
  await app.register(outboxRoutes);
  await app.register(sequenceRoutes);
  await app.register(reportRoutes);
  await app.register(dropboxRoutes);
  await app.register(localCliRoutes);
};
