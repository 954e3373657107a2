import { recordRequests } from './permission-records.ts';
import { type MakeRequest, permissionFixtures, unique, type World } from './permission-world.ts';

export {
  buildMember,
  buildWorld,
  EMPTY_CALENDAR,
  type MakeRequest,
  type Req,
  type Whose,
  type World,
} from './permission-world.ts';

/**
 * The request behind each row of docs/permissions.md, by its Route cell: each call builds what it acts on
 * afresh (a DELETE consumes it), as `whose` says. Here the rows about signing in, the team and access;
 * permission-records.ts has those about the workspace's records.
 */
export function permissionRequests(w: World): Record<string, MakeRequest> {
  const f = permissionFixtures(w);
  const { ownerApi, ok, holder, as, target, inviteToken, get } = f;
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
    'DELETE /api/auth/locks/{email}': async () => ({
      method: 'DELETE',
      url: `/api/auth/locks/${encodeURIComponent(w.colleague.email)}`,
    }),
    ...recordRequests(w, f),
  };
}
