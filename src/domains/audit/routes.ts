import type { FastifyPluginAsync } from 'fastify';
import { route } from '../../server/route.ts';
import { pageOf } from '../../shared/pagination.ts';
import { findAuditEntries } from './find-audit.ts';
import { presentAuditEntry } from './presenter.ts';
import { AuditEntryOutput, AuditQuery } from './validators.ts';

/** The audit log, for admins. */
export const auditRoutes: FastifyPluginAsync = async (app) => {
  route(app, {
    method: 'GET',
    url: '/api/audit',
    auth: 'admin',
    tags: ['audit'],
    summary: 'Who did what and when, newest first',
    description:
      'Every write is recorded in its own transaction. Filter by the user who acted, the kind of thing ' +
      '(entity) and a starting moment; page with `cursor`. Entries never hold a password, a token or the ' +
      'text of a private note or fact.',
    query: AuditQuery,
    response: { 200: pageOf(AuditEntryOutput) },
    handler: async ({ scope, query }) => {
      const page = await findAuditEntries({ ...scope, ...query });
      return { items: page.rows.map(presentAuditEntry), nextCursor: page.nextCursor };
    },
  });
};
