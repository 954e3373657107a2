import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/client.ts';
import { buildSubscription } from '../domains/calendar/factories.ts';
import { buildContact } from '../domains/contacts/factories.ts';
import { importBytes } from '../domains/imports/test-helpers.ts';
import { echoJob } from '../domains/jobs/echo-job.ts';
import { enqueueJob } from '../domains/jobs/enqueue.ts';
import { buildUser, type TestUser } from '../domains/workspaces/factories.ts';
import type { Role } from '../domains/workspaces/schema.ts';
import { addDays, todayUtc } from '../shared/dates.ts';
import { type Api, apiAs } from './http.ts';

/** Whose thing a request acts on: the caller's own, someone else's (a member's), or an owner's. */
export type Whose = 'own' | 'other' | 'owner';
/** A request to make as one role; `after` sees its status (to keep a changed password in step). */
export type Req = {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  body?: unknown;
  /** Only for a public route that needs one (the local CLI's secret); sent without a credential. */
  headers?: Record<string, string>;
  after?: (status: number) => void;
  /** Sent as a multipart upload of a small CSV instead of a JSON body. */
  upload?: true;
  /** Sent as this text/calendar body instead of a JSON body. */
  calendar?: string;
};
export type MakeRequest = (caller: TestUser, whose: Whose) => Promise<Req>;

/** The workspace the permission table is checked in: its owner, and a member whose things are "other". */
export type World = {
  app: FastifyInstance;
  db: Db;
  owner: TestUser;
  colleague: TestUser;
  tierId: string;
  companyId: string;
};

/** The smallest calendar: it imports nothing. */
export const EMPTY_CALENDAR =
  'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Kith//Tests//EN\r\nEND:VCALENDAR\r\n';

const unique = () => randomBytes(4).toString('hex');

/** The workspace for the permission test, with a tier, a company and a member who owns things. */
export async function buildWorld(app: FastifyInstance, db: Db): Promise<World> {
  const owner = await buildUser(db, { workspace: 'Permissions' });
  const colleague = await buildUser(db, { workspace: 'Permissions', role: 'member' });
  const api = apiAs(app, owner.token);
  const tier = (await api.post('/api/tiers', { name: 'Key', priority: 1, intervalDays: 14 })).body;
  const company = (await api.post('/api/companies', { name: 'Permission Co' })).body;
  return { app, db, owner, colleague, tierId: tier.id, companyId: company.id };
}

/** A user of the world's workspace with a role (their token writes, or reads only with scope read). */
export function buildMember(w: World, role: Role): Promise<TestUser> {
  return buildUser(w.db, { workspace: 'Permissions', role });
}

/**
 * The request behind each row of docs/permissions.md, by its Route cell: each call builds what it acts on
 * afresh (a DELETE consumes it), as `whose` says.
 */
export function permissionRequests(w: World): Record<string, MakeRequest> {
  const ownerApi = apiAs(w.app, w.owner.token);
  const ok = async (pending: Promise<{ status: number; body: any }>) => {
    const res = await pending;
    if (res.status >= 300) throw new Error(`fixture failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  /** The user who owns or wrote the thing acted on. */
  const holder = (caller: TestUser, whose: Whose) => (whose === 'own' ? caller : w.colleague);
  const as = (user: TestUser): Api => apiAs(w.app, user.token);
  /** A finished import of one new contact, by the owner. */
  const finishedImport = async () =>
    (
      await importBytes({
        db: w.db,
        workspaceId: w.owner.workspaceId,
        actorId: w.owner.userId,
        bytes: `Name,Email\nIm Port,im-${unique()}@permissions.test\n`,
      })
    ).id;
  const contact = async (caller: TestUser, whose: Whose) =>
    (await buildContact(w.db, w.owner.workspaceId, { ownerId: holder(caller, whose).userId })).id;
  const interaction = async (caller: TestUser, whose: Whose) => {
    const c = await contact(caller, whose);
    const body = { contactIds: [c], kind: 'call', summary: 'Catch-up' };
    return (await ok(as(holder(caller, whose)).post('/api/interactions', body))).interaction.id as string;
  };
  const step = async (caller: TestUser, whose: Whose) => {
    const body = { contactId: await contact(caller, whose), action: 'Call', dueAt: addDays(todayUtc(), 3) };
    return (await ok(as(holder(caller, whose)).post('/api/next-steps', body))).id as string;
  };
  const subscription = async (caller: TestUser) =>
    (await buildSubscription(w.db, caller.workspaceId, caller.userId)).id;
  const fact = async (caller: TestUser, whose: Whose) => {
    const c = await contact(caller, whose);
    return (await ok(as(holder(caller, whose)).post(`/api/contacts/${c}/facts`, { text: 'Rows' })))
      .id as string;
  };
  /** Someone to change: a new member, or a new owner. */
  const target = async (whose: Whose) =>
    (await buildMember(w, whose === 'owner' ? 'owner' : 'member')).userId;
  const inviteToken = async () => {
    const url = (await ok(ownerApi.post('/api/invites', { email: `${unique()}@perm.test`, role: 'member' })))
      .url;
    return new URL(url).hash.replace('#token=', '');
  };
  const get = (url: string) => async (): Promise<Req> => ({ method: 'GET', url });

  return {
    'GET /api/meta': get('/api/meta'),
    'POST /api/auth/login': async () => ({
      method: 'POST',
      url: '/api/auth/login',
      body: { email: w.colleague.email, password: w.colleague.password },
    }),
    'POST /api/auth/logout': async () => ({ method: 'POST', url: '/api/auth/logout' }),
    // Off outside `kith serve` (404); local-cli.test.ts covers its secret.
    'POST /api/local/cli': async () => ({
      method: 'POST',
      url: '/api/local/cli',
      body: { command: 'today' },
      headers: { 'x-kith-local-secret': 'not-the-secret' },
    }),
    'GET /api/auth/me': get('/api/auth/me'),
    'PATCH /api/auth/me': async (caller) => ({
      method: 'PATCH',
      url: '/api/auth/me',
      body: { name: caller.role },
    }),
    'POST /api/auth/password': async (caller) => {
      const next = `${caller.password}!`;
      return {
        method: 'POST',
        url: '/api/auth/password',
        body: { current: caller.password, next },
        after: (status) => {
          if (status < 300) caller.password = next;
        },
      };
    },
    'POST /api/auth/reset': async () => {
      const link = await ok(ownerApi.post(`/api/users/${await target('other')}/password-reset`));
      return {
        method: 'POST',
        url: '/api/auth/reset',
        body: { token: new URL(link.url).hash.replace('#token=', ''), password: 'a-new-password' },
      };
    },
    'GET /api/auth/sessions': get('/api/auth/sessions'),
    'POST /api/auth/sessions/revoke-all': async () => ({
      method: 'POST',
      url: '/api/auth/sessions/revoke-all',
    }),
    'GET /api/tokens': get('/api/tokens'),
    'GET /api/tokens?all=true': get('/api/tokens?all=true'),
    'POST /api/tokens (read)': async () => ({
      method: 'POST',
      url: '/api/tokens',
      body: { name: 'r', scope: 'read' },
    }),
    'POST /api/tokens (write)': async () => ({
      method: 'POST',
      url: '/api/tokens',
      body: { name: 'w', scope: 'write' },
    }),
    'DELETE /api/tokens/{id}': async (caller, whose) => {
      const body = { name: 'doomed', scope: 'read' };
      const token = await ok(as(holder(caller, whose)).post('/api/tokens', body));
      return { method: 'DELETE', url: `/api/tokens/${token.id}` };
    },
    'GET /api/users': get('/api/users'),
    'PATCH /api/users/{id}': async (_caller, whose) => ({
      method: 'PATCH',
      url: `/api/users/${await target(whose)}`,
      body: { role: 'viewer' },
    }),
    'POST /api/users/{id}/password-reset': async (_caller, whose) => ({
      method: 'POST',
      url: `/api/users/${await target(whose)}/password-reset`,
    }),
    'POST /api/invites': async (_caller, whose) => ({
      method: 'POST',
      url: '/api/invites',
      body: { email: `${unique()}@perm.test`, role: whose === 'owner' ? 'owner' : 'member' },
    }),
    'GET /api/invites': get('/api/invites'),
    'DELETE /api/invites/{id}': async () => {
      const invite = await ok(
        ownerApi.post('/api/invites', { email: `${unique()}@perm.test`, role: 'viewer' }),
      );
      return { method: 'DELETE', url: `/api/invites/${invite.id}` };
    },
    'POST /api/invites/preview': async () => ({
      method: 'POST',
      url: '/api/invites/preview',
      body: { token: await inviteToken() },
    }),
    'POST /api/invites/accept': async () => ({
      method: 'POST',
      url: '/api/invites/accept',
      body: { token: await inviteToken(), name: 'New Person', password: 'joining-now' },
    }),
    'GET /api/audit': get('/api/audit?limit=5'),
    'GET /api/tiers': get('/api/tiers'),
    'GET /api/tiers/{id}': get(`/api/tiers/${w.tierId}`),
    'GET /api/tiers/{id}/preview': get(`/api/tiers/${w.tierId}/preview?intervalDays=3`),
    'POST /api/tiers': async () => ({
      method: 'POST',
      url: '/api/tiers',
      body: { name: `Tier ${unique()}`, priority: 3, intervalDays: 30 },
    }),
    'PATCH /api/tiers/{id}': async () => ({
      method: 'PATCH',
      url: `/api/tiers/${w.tierId}`,
      body: { intervalDays: 15 },
    }),
    'DELETE /api/tiers/{id}': async () => {
      const tier = await ok(
        ownerApi.post('/api/tiers', { name: `Gone ${unique()}`, priority: 4, intervalDays: 60 }),
      );
      return { method: 'DELETE', url: `/api/tiers/${tier.id}?moveTo=none` };
    },
    'GET /api/today': get('/api/today?owner=all'),
    'GET /api/orphans': get('/api/orphans?owner=all'),
    'GET /api/companies': get('/api/companies'),
    'GET /api/companies/{id}': get(`/api/companies/${w.companyId}`),
    'GET /api/companies/{id}/timeline': get(`/api/companies/${w.companyId}/timeline`),
    'POST /api/companies': async () => ({
      method: 'POST',
      url: '/api/companies',
      body: { name: `Co ${unique()}` },
    }),
    'PATCH /api/companies/{id}': async () => ({
      method: 'PATCH',
      url: `/api/companies/${w.companyId}`,
      body: { name: `Renamed ${unique()}` },
    }),
    'DELETE /api/companies/{id}': async () => {
      const company = await ok(ownerApi.post('/api/companies', { name: `Gone ${unique()}` }));
      return { method: 'DELETE', url: `/api/companies/${company.id}` };
    },
    'GET /api/contacts': get('/api/contacts?limit=5'),
    'GET /api/contacts/{id}': async (caller, whose) => ({
      method: 'GET',
      url: `/api/contacts/${await contact(caller, whose)}`,
    }),
    'GET /api/contacts/{id}/timeline': async (caller, whose) => ({
      method: 'GET',
      url: `/api/contacts/${await contact(caller, whose)}/timeline`,
    }),
    'POST /api/contacts': async () => ({ method: 'POST', url: '/api/contacts', body: { firstName: 'New' } }),
    'PATCH /api/contacts/{id}': async (caller, whose) => ({
      method: 'PATCH',
      url: `/api/contacts/${await contact(caller, whose)}`,
      body: { firstName: 'Changed' },
    }),
    'POST /api/contacts/bulk': async (caller, whose) => ({
      method: 'POST',
      url: '/api/contacts/bulk',
      body: { ids: [await contact(caller, whose)], set: { stage: 'lost' } },
    }),
    'POST /api/contacts/{id}/merge': async (caller, whose) => ({
      method: 'POST',
      url: `/api/contacts/${await contact(caller, 'other')}/merge`,
      body: { duplicateId: await contact(caller, whose) },
    }),
    'GET /api/duplicates': get('/api/duplicates?limit=5'),
    'GET /api/contacts/export': get('/api/contacts/export?format=csv'),
    'POST /api/duplicates/dismiss': async (caller, whose) => ({
      method: 'POST',
      url: '/api/duplicates/dismiss',
      body: { contactIds: [await contact(caller, whose), await contact(caller, 'other')] },
    }),
    'DELETE /api/contacts/{id}': async (caller, whose) => ({
      method: 'DELETE',
      url: `/api/contacts/${await contact(caller, whose)}`,
    }),
    'POST /api/interactions': async (caller, whose) => ({
      method: 'POST',
      url: '/api/interactions',
      body: { contactIds: [await contact(caller, whose)], kind: 'note', summary: 'Noted' },
    }),
    'GET /api/interactions/{id}': async (caller, whose) => ({
      method: 'GET',
      url: `/api/interactions/${await interaction(caller, whose)}`,
    }),
    'PATCH /api/interactions/{id}': async (caller, whose) => ({
      method: 'PATCH',
      url: `/api/interactions/${await interaction(caller, whose)}`,
      body: { summary: 'Edited' },
    }),
    'DELETE /api/interactions/{id}': async (caller, whose) => ({
      method: 'DELETE',
      url: `/api/interactions/${await interaction(caller, whose)}`,
    }),
    'POST /api/interactions/{id}/undo': async (caller, whose) => ({
      method: 'POST',
      url: `/api/interactions/${await interaction(caller, whose)}/undo`,
    }),
    'GET /api/jobs/{id}': async () => {
      const job = await enqueueJob({
        db: w.db,
        workspaceId: w.owner.workspaceId,
        job: echoJob,
        payload: { message: 'x' },
      });
      return { method: 'GET', url: `/api/jobs/${job.id}` };
    },
    'POST /api/calendar/imports': async () => ({
      method: 'POST',
      url: '/api/calendar/imports',
      calendar: EMPTY_CALENDAR,
    }),
    'GET /api/calendar/subscriptions': get('/api/calendar/subscriptions'),
    'POST /api/calendar/subscriptions': async () => ({
      method: 'POST',
      url: '/api/calendar/subscriptions',
      body: { url: 'https://calendar.example.test/feed.ics' },
    }),
    // A subscription is its user's alone (another's is a 404), so each caller acts on one of their own.
    'POST /api/calendar/subscriptions/{id}/refresh': async (caller) => ({
      method: 'POST',
      url: `/api/calendar/subscriptions/${await subscription(caller)}/refresh`,
    }),
    'DELETE /api/calendar/subscriptions/{id}': async (caller) => ({
      method: 'DELETE',
      url: `/api/calendar/subscriptions/${await subscription(caller)}`,
    }),
    'POST /api/imports': async () => ({ method: 'POST', url: '/api/imports', upload: true }),
    'POST /api/imports/preview': async () => ({ method: 'POST', url: '/api/imports/preview', upload: true }),
    'GET /api/imports': async () => ({ method: 'GET', url: '/api/imports' }),
    'GET /api/imports/{id}': async () => ({ method: 'GET', url: `/api/imports/${await finishedImport()}` }),
    'POST /api/imports/{id}/undo': async () => ({
      method: 'POST',
      url: `/api/imports/${await finishedImport()}/undo`,
    }),
    'DELETE /api/auth/locks/{email}': async () => ({
      method: 'DELETE',
      url: `/api/auth/locks/${encodeURIComponent(w.colleague.email)}`,
    }),
    'GET /api/next-steps': async (caller, whose) => ({
      method: 'GET',
      url: `/api/next-steps?contactId=${await contact(caller, whose)}`,
    }),
    'POST /api/next-steps': async (caller, whose) => ({
      method: 'POST',
      url: '/api/next-steps',
      body: { contactId: await contact(caller, whose), action: 'Write', dueAt: addDays(todayUtc(), 2) },
    }),
    'PATCH /api/next-steps/{id}': async (caller, whose) => ({
      method: 'PATCH',
      url: `/api/next-steps/${await step(caller, whose)}`,
      body: { done: true },
    }),
    'DELETE /api/next-steps/{id}': async (caller, whose) => ({
      method: 'DELETE',
      url: `/api/next-steps/${await step(caller, whose)}`,
    }),
    'GET /api/contacts/{id}/facts': async (caller, whose) => ({
      method: 'GET',
      url: `/api/contacts/${await contact(caller, whose)}/facts`,
    }),
    'POST /api/contacts/{id}/facts': async (caller, whose) => ({
      method: 'POST',
      url: `/api/contacts/${await contact(caller, whose)}/facts`,
      body: { text: 'Likes tea' },
    }),
    'PATCH /api/facts/{id}': async (caller, whose) => ({
      method: 'PATCH',
      url: `/api/facts/${await fact(caller, whose)}`,
      body: { text: 'Likes coffee' },
    }),
    'DELETE /api/facts/{id}': async (caller, whose) => ({
      method: 'DELETE',
      url: `/api/facts/${await fact(caller, whose)}`,
    }),
  };
}
