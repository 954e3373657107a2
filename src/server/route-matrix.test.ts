import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSubscription } from '../domains/calendar/factories.ts';
import { importBytes } from '../domains/imports/test-helpers.ts';
import { multipartBody } from '../domains/imports/upload.ts';
import { echoJob } from '../domains/jobs/echo-job.ts';
import { enqueueJob } from '../domains/jobs/enqueue.ts';
import { buildMailbox } from '../domains/mailboxes/factories.ts';
import { buildSuggestion } from '../domains/suggestions/factories.ts';
import { buildUser, type TestUser } from '../domains/workspaces/factories.ts';
import { addDays, todayUtc } from '../shared/dates.ts';
import { type Dovecot, hasDovecot, startDovecot } from '../test/dovecot.ts';
import { type Api, apiAs, openTestApp, type TestApp } from '../test/http.ts';
import { EMPTY_CALENDAR } from '../test/permission-requests.ts';

// One table of every authenticated route, checked three ways: without a credential (401), as a viewer
// writing (403, but for what a viewer may do to their own account), and as a user of another workspace
// (404 for the owner's ids, no leak in lists). A route missing from the table fails the first test, so a
// new route cannot skip these checks. Who may do what, role by role: docs/permissions.md and
// permissions.test.ts.

type Case = {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  url: string;
  body?: unknown;
  stranger: 404 | 'noLeak';
  /** Why it cannot succeed here (no mail server to log in to): then only "no leak" is checked. */
  unavailable?: string;
  /** A write a viewer may make, to their own account: neither 401 nor 403 for them. */
  viewerMay?: true;
  /** Sent as a multipart upload of a small CSV instead of a JSON body. */
  upload?: true;
  /** Sent as a text/calendar body. */
  calendar?: true;
};
const PUBLIC = new Set([
  'GET /api/meta',
  'POST /api/auth/login',
  'POST /api/auth/logout',
  'POST /api/local/cli',
  'POST /api/invites/preview',
  'POST /api/invites/accept',
  'POST /api/auth/reset',
  'POST /api/unsubscribe/{token}',
]);

let t: TestApp;
let owner: TestUser;
let viewer: TestUser;
let stranger: TestUser;
let ownerApi: Api;
let ids: Record<
  | 'tier'
  | 'company'
  | 'contact'
  | 'interaction'
  | 'step'
  | 'fact'
  | 'token'
  | 'job'
  | 'invite'
  | 'member'
  | 'import'
  | 'subscription'
  | 'mailbox'
  | 'suggestion'
  | 'template'
  | 'sequence'
  | 'enrollment',
  string
>;
let cases: Case[];
let dovecot: Dovecot | null = null;
const MATRIX_LOGIN = { username: 'matrix@kith.test', password: 'pw-matrix-1' };

beforeAll(async () => {
  process.env.KITH_SECRET = 'route matrix test secret';
  if (hasDovecot) dovecot = await startDovecot({ users: { [MATRIX_LOGIN.username]: MATRIX_LOGIN.password } });
  t = await openTestApp();
  owner = await buildUser(t.store.db, { workspace: 'Matrix A' });
  viewer = await buildUser(t.store.db, { workspace: 'Matrix A', role: 'viewer' });
  stranger = await buildUser(t.store.db, { workspace: 'Matrix B' });
  ownerApi = apiAs(t.app, owner.token);
  const ok = <T>(res: { status: number; body: T }) => {
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    return res.body;
  };
  const tier = ok(await ownerApi.post('/api/tiers', { name: 'A key', priority: 1, intervalDays: 14 }));
  const company = ok(await ownerApi.post('/api/companies', { name: 'Acme Matrix' }));
  const contact = ok(
    await ownerApi.post('/api/contacts', {
      firstName: 'Mara',
      lastName: 'Trix',
      emails: ['mara@acme-matrix.test'],
      companyId: company.id,
      tierId: tier.id,
    }),
  );
  const logged = ok(
    await ownerApi.post('/api/interactions', {
      contactIds: [contact.id],
      kind: 'call',
      summary: 'Kick-off',
      nextStep: { action: 'Send deck', dueAt: addDays(todayUtc(), 7) },
    }),
  );
  const fact = ok(await ownerApi.post(`/api/contacts/${contact.id}/facts`, { text: 'Loves cycling' }));
  const twin = ok(
    await ownerApi.post('/api/contacts', { firstName: 'Mara', lastName: 'Trix', companyId: company.id }),
  );
  const token = ok(await ownerApi.post('/api/tokens', { name: 'matrix' }));
  const job = await enqueueJob({
    db: t.store.db,
    workspaceId: owner.workspaceId,
    job: echoJob,
    payload: { message: 'matrix' },
  });
  const invite = ok(await ownerApi.post('/api/invites', { email: 'invited@matrix.test', role: 'member' }));
  const member = await buildUser(t.store.db, { workspace: 'Matrix A', role: 'member' });
  const imported = await importBytes({
    db: t.store.db,
    workspaceId: owner.workspaceId,
    actorId: owner.userId,
    bytes: 'Name,Email\nIma Port,ima@matrix.test\n',
  });
  const seq = ok(
    await ownerApi.post('/api/sequences', {
      name: 'Matrix seq',
      steps: [{ after: { days: 1 }, channel: 'task' }],
    }),
  );
  ok(await ownerApi.post(`/api/sequences/${seq.id}/enrollments`, { contactIds: [twin.id] }));
  ids = {
    tier: tier.id,
    company: company.id,
    contact: contact.id,
    interaction: logged.interaction.id,
    step: logged.nextSteps[0].id,
    fact: fact.id,
    token: token.id,
    job: job.id,
    invite: invite.id,
    member: member.userId,
    import: imported.id,
    subscription: (await buildSubscription(t.store.db, owner.workspaceId, owner.userId)).id,
    mailbox: (await buildMailbox(t.store.db, owner.workspaceId, owner.userId)).id,
    template: ok(await ownerApi.post('/api/templates', { name: 'Matrix', subject: 'Hi', body: 'Hello' })).id,
    sequence: seq.id,
    enrollment: ok(await ownerApi.get(`/api/sequences/${seq.id}/enrollments`)).items[0].id,
    suggestion: (await buildSuggestion(t.store.db, owner.workspaceId, owner.userId)).id,
  };
  const c = ids.contact;
  cases = [
    { method: 'GET', path: '/api/auth/me', url: '/api/auth/me', stranger: 'noLeak' },
    { method: 'GET', path: '/api/tokens', url: '/api/tokens', stranger: 'noLeak' },
    { method: 'GET', path: '/api/users', url: '/api/users', stranger: 'noLeak' },
    { method: 'POST', path: '/api/tokens', url: '/api/tokens', body: { name: 'x' }, stranger: 'noLeak' },
    { method: 'GET', path: '/api/tokens', url: '/api/tokens?all=true', stranger: 'noLeak' },
    { method: 'DELETE', path: '/api/tokens/{id}', url: `/api/tokens/${ids.token}`, stranger: 404 },
    {
      method: 'DELETE',
      path: '/api/auth/locks/{email}',
      url: `/api/auth/locks/${encodeURIComponent(owner.email)}`,
      stranger: 404,
    },
    {
      method: 'PATCH',
      path: '/api/auth/me',
      url: '/api/auth/me',
      body: { name: 'Renamed' },
      stranger: 'noLeak',
      viewerMay: true,
    },
    {
      method: 'POST',
      path: '/api/auth/password',
      url: '/api/auth/password',
      body: { current: stranger.password, next: 'matrix-new-password' },
      stranger: 'noLeak',
      viewerMay: true,
    },
    { method: 'GET', path: '/api/auth/sessions', url: '/api/auth/sessions', stranger: 'noLeak' },
    {
      method: 'POST',
      path: '/api/auth/sessions/revoke-all',
      url: '/api/auth/sessions/revoke-all',
      stranger: 'noLeak',
      viewerMay: true,
    },
    { method: 'GET', path: '/api/invites', url: '/api/invites', stranger: 'noLeak' },
    {
      method: 'POST',
      path: '/api/invites',
      url: '/api/invites',
      body: { email: 'someone@matrix.test', role: 'viewer' },
      stranger: 'noLeak',
    },
    { method: 'DELETE', path: '/api/invites/{id}', url: `/api/invites/${ids.invite}`, stranger: 404 },
    {
      method: 'PATCH',
      path: '/api/users/{id}',
      url: `/api/users/${ids.member}`,
      body: { role: 'viewer' },
      stranger: 404,
    },
    {
      method: 'POST',
      path: '/api/users/{id}/password-reset',
      url: `/api/users/${ids.member}/password-reset`,
      stranger: 404,
    },
    { method: 'GET', path: '/api/audit', url: '/api/audit?limit=200', stranger: 'noLeak' },
    { method: 'POST', path: '/api/imports', url: '/api/imports', upload: true, stranger: 'noLeak' },
    {
      method: 'POST',
      path: '/api/imports/preview',
      url: '/api/imports/preview',
      upload: true,
      stranger: 'noLeak',
    },
    { method: 'GET', path: '/api/imports', url: '/api/imports', stranger: 'noLeak' },
    { method: 'GET', path: '/api/imports/{id}', url: `/api/imports/${ids.import}`, stranger: 404 },
    { method: 'POST', path: '/api/imports/{id}/undo', url: `/api/imports/${ids.import}/undo`, stranger: 404 },
    {
      method: 'POST',
      path: '/api/calendar/imports',
      url: '/api/calendar/imports',
      calendar: true,
      stranger: 'noLeak',
    },
    {
      method: 'GET',
      path: '/api/calendar/subscriptions',
      url: '/api/calendar/subscriptions',
      stranger: 'noLeak',
    },
    {
      method: 'POST',
      path: '/api/calendar/subscriptions',
      url: '/api/calendar/subscriptions',
      body: { url: 'https://calendar.example.test/other.ics' },
      stranger: 'noLeak',
    },
    {
      method: 'POST',
      path: '/api/calendar/subscriptions/{id}/refresh',
      url: `/api/calendar/subscriptions/${ids.subscription}/refresh`,
      stranger: 404,
    },
    {
      method: 'DELETE',
      path: '/api/calendar/subscriptions/{id}',
      url: `/api/calendar/subscriptions/${ids.subscription}`,
      stranger: 404,
    },
    { method: 'GET', path: '/api/mailboxes', url: '/api/mailboxes', stranger: 'noLeak' },
    {
      method: 'POST',
      path: '/api/mailboxes',
      url: '/api/mailboxes',
      // The stranger connects a mailbox of their own: the login is checked against a real IMAP server.
      body: {
        imap: dovecot
          ? { host: dovecot.host, port: dovecot.port, tls: 'none', ...MATRIX_LOGIN }
          : { host: '127.0.0.1', port: 1, tls: 'none', ...MATRIX_LOGIN },
      },
      unavailable: dovecot ? undefined : 'no Dovecot on this machine to log in to',
      stranger: 'noLeak',
    },
    { method: 'GET', path: '/api/mailboxes/{id}', url: `/api/mailboxes/${ids.mailbox}`, stranger: 404 },
    {
      method: 'PATCH',
      path: '/api/mailboxes/{id}',
      url: `/api/mailboxes/${ids.mailbox}`,
      body: { label: 'Taken' },
      stranger: 404,
    },
    { method: 'DELETE', path: '/api/mailboxes/{id}', url: `/api/mailboxes/${ids.mailbox}`, stranger: 404 },
    {
      method: 'POST',
      path: '/api/mailboxes/{id}/sync',
      url: `/api/mailboxes/${ids.mailbox}/sync`,
      stranger: 404,
    },
    { method: 'GET', path: '/api/suggested-contacts', url: '/api/suggested-contacts', stranger: 'noLeak' },
    ...(['accept', 'ignore', 'restore'] as const).map(
      (action): Case => ({
        method: 'POST',
        path: `/api/suggested-contacts/{id}/${action}`,
        url: `/api/suggested-contacts/${ids.suggestion}/${action}`,
        body: {},
        stranger: 404,
      }),
    ),
    { method: 'GET', path: '/api/outbox', url: '/api/outbox', stranger: 'noLeak' },
    {
      method: 'GET',
      path: '/api/reports/persistence',
      url: '/api/reports/persistence?owner=all',
      stranger: 'noLeak',
    },
    { method: 'GET', path: '/api/sequences', url: '/api/sequences', stranger: 'noLeak' },
    {
      method: 'POST',
      path: '/api/sequences',
      url: '/api/sequences',
      body: { name: 'Stranger seq', steps: [{ after: { days: 1 }, channel: 'task' }] },
      stranger: 'noLeak',
    },
    { method: 'GET', path: '/api/sequences/{id}', url: `/api/sequences/${ids.sequence}`, stranger: 404 },
    {
      method: 'PATCH',
      path: '/api/sequences/{id}',
      url: `/api/sequences/${ids.sequence}`,
      body: { name: 'Taken' },
      stranger: 404,
    },
    { method: 'DELETE', path: '/api/sequences/{id}', url: `/api/sequences/${ids.sequence}`, stranger: 404 },
    {
      method: 'POST',
      path: '/api/sequences/{id}/enrollments',
      url: `/api/sequences/${ids.sequence}/enrollments`,
      body: { contactIds: [ids.contact] },
      stranger: 404,
    },
    {
      method: 'GET',
      path: '/api/sequences/{id}/enrollments',
      url: `/api/sequences/${ids.sequence}/enrollments`,
      stranger: 404,
    },
    {
      method: 'PATCH',
      path: '/api/enrollments/{id}',
      url: `/api/enrollments/${ids.enrollment}`,
      body: { status: 'paused' },
      stranger: 404,
    },
    {
      method: 'DELETE',
      path: '/api/enrollments/{id}',
      url: `/api/enrollments/${ids.enrollment}`,
      stranger: 404,
    },
    {
      method: 'POST',
      path: '/api/emails',
      url: '/api/emails',
      body: { contactId: ids.contact, mailboxId: ids.mailbox, subject: 'Hi', body: 'Hello' },
      stranger: 404,
    },
    { method: 'GET', path: '/api/templates', url: '/api/templates', stranger: 'noLeak' },
    {
      method: 'POST',
      path: '/api/templates',
      url: '/api/templates',
      body: { name: 'Matrix', subject: 'Hi', body: 'Hello' },
      stranger: 'noLeak',
    },
    { method: 'GET', path: '/api/templates/{id}', url: `/api/templates/${ids.template}`, stranger: 404 },
    {
      method: 'PATCH',
      path: '/api/templates/{id}',
      url: `/api/templates/${ids.template}`,
      body: { subject: 'Taken' },
      stranger: 404,
    },
    { method: 'DELETE', path: '/api/templates/{id}', url: `/api/templates/${ids.template}`, stranger: 404 },
    {
      method: 'POST',
      path: '/api/templates/{id}/preview',
      url: `/api/templates/${ids.template}/preview`,
      body: { contactId: ids.contact },
      stranger: 404,
      viewerMay: true,
    },
    {
      method: 'POST',
      path: '/api/templates/preview',
      url: '/api/templates/preview',
      body: { contactId: ids.contact, subject: 'Hi', body: 'Hello' },
      stranger: 404,
      viewerMay: true,
    },
    {
      method: 'POST',
      path: '/api/dropbox/regenerate',
      url: '/api/dropbox/regenerate',
      stranger: 'noLeak',
    },
    { method: 'GET', path: '/api/tiers', url: '/api/tiers', stranger: 'noLeak' },
    {
      method: 'POST',
      path: '/api/tiers',
      url: '/api/tiers',
      body: { name: 'B', priority: 2, intervalDays: 9 },
      stranger: 'noLeak',
    },
    { method: 'GET', path: '/api/tiers/{id}', url: `/api/tiers/${ids.tier}`, stranger: 404 },
    {
      method: 'PATCH',
      path: '/api/tiers/{id}',
      url: `/api/tiers/${ids.tier}`,
      body: { intervalDays: 3 },
      stranger: 404,
    },
    { method: 'DELETE', path: '/api/tiers/{id}', url: `/api/tiers/${ids.tier}?moveTo=none`, stranger: 404 },
    {
      method: 'GET',
      path: '/api/tiers/{id}/preview',
      url: `/api/tiers/${ids.tier}/preview?intervalDays=3`,
      stranger: 404,
    },
    { method: 'GET', path: '/api/today', url: `/api/today?owner=${owner.userId}`, stranger: 404 },
    { method: 'GET', path: '/api/orphans', url: `/api/orphans?owner=${owner.userId}`, stranger: 404 },
    { method: 'GET', path: '/api/companies', url: '/api/companies', stranger: 'noLeak' },
    {
      method: 'POST',
      path: '/api/companies',
      url: '/api/companies',
      body: { name: 'Beta' },
      stranger: 'noLeak',
    },
    { method: 'GET', path: '/api/companies/{id}', url: `/api/companies/${ids.company}`, stranger: 404 },
    {
      method: 'PATCH',
      path: '/api/companies/{id}',
      url: `/api/companies/${ids.company}`,
      body: { name: 'Hacked' },
      stranger: 404,
    },
    { method: 'DELETE', path: '/api/companies/{id}', url: `/api/companies/${ids.company}`, stranger: 404 },
    {
      method: 'GET',
      path: '/api/companies/{id}/timeline',
      url: `/api/companies/${ids.company}/timeline`,
      stranger: 404,
    },
    { method: 'GET', path: '/api/contacts', url: '/api/contacts?q=mara', stranger: 'noLeak' },
    {
      method: 'POST',
      path: '/api/contacts',
      url: '/api/contacts',
      body: { firstName: 'X', companyId: ids.company },
      stranger: 404,
    },
    {
      method: 'POST',
      path: '/api/contacts/bulk',
      url: '/api/contacts/bulk',
      body: { ids: [c], set: { stage: 'lost' } },
      stranger: 404,
    },
    { method: 'GET', path: '/api/contacts/{id}', url: `/api/contacts/${c}`, stranger: 404 },
    {
      method: 'PATCH',
      path: '/api/contacts/{id}',
      url: `/api/contacts/${c}`,
      body: { firstName: 'Hacked' },
      stranger: 404,
    },
    { method: 'DELETE', path: '/api/contacts/{id}', url: `/api/contacts/${c}`, stranger: 404 },
    { method: 'GET', path: '/api/contacts/{id}/timeline', url: `/api/contacts/${c}/timeline`, stranger: 404 },
    { method: 'GET', path: '/api/contacts/{id}/facts', url: `/api/contacts/${c}/facts`, stranger: 404 },
    {
      method: 'POST',
      path: '/api/contacts/{id}/facts',
      url: `/api/contacts/${c}/facts`,
      body: { text: 'x' },
      stranger: 404,
    },
    {
      method: 'POST',
      path: '/api/interactions',
      url: '/api/interactions',
      body: { contactIds: [c], kind: 'note', summary: 'x' },
      stranger: 404,
    },
    {
      method: 'GET',
      path: '/api/interactions/{id}',
      url: `/api/interactions/${ids.interaction}`,
      stranger: 404,
    },
    {
      method: 'PATCH',
      path: '/api/interactions/{id}',
      url: `/api/interactions/${ids.interaction}`,
      body: { summary: 'Hacked' },
      stranger: 404,
    },
    {
      method: 'DELETE',
      path: '/api/interactions/{id}',
      url: `/api/interactions/${ids.interaction}`,
      stranger: 404,
    },
    {
      method: 'POST',
      path: '/api/interactions/{id}/undo',
      url: `/api/interactions/${ids.interaction}/undo`,
      stranger: 404,
    },
    { method: 'GET', path: '/api/next-steps', url: `/api/next-steps?contactId=${c}`, stranger: 404 },
    {
      method: 'POST',
      path: '/api/next-steps',
      url: '/api/next-steps',
      body: { contactId: c, action: 'x', dueAt: todayUtc() },
      stranger: 404,
    },
    {
      method: 'PATCH',
      path: '/api/next-steps/{id}',
      url: `/api/next-steps/${ids.step}`,
      body: { done: true },
      stranger: 404,
    },
    { method: 'DELETE', path: '/api/next-steps/{id}', url: `/api/next-steps/${ids.step}`, stranger: 404 },
    {
      method: 'PATCH',
      path: '/api/facts/{id}',
      url: `/api/facts/${ids.fact}`,
      body: { text: 'Hacked' },
      stranger: 404,
    },
    { method: 'DELETE', path: '/api/facts/{id}', url: `/api/facts/${ids.fact}`, stranger: 404 },
    { method: 'GET', path: '/api/jobs/{id}', url: `/api/jobs/${ids.job}`, stranger: 404 },
    { method: 'GET', path: '/api/duplicates', url: '/api/duplicates', stranger: 'noLeak' },
    {
      method: 'GET',
      path: '/api/contacts/export',
      url: '/api/contacts/export?format=csv',
      stranger: 'noLeak',
    },
    {
      method: 'POST',
      path: '/api/duplicates/dismiss',
      url: '/api/duplicates/dismiss',
      body: { contactIds: [c, twin.id] },
      stranger: 404,
    },
    {
      method: 'POST',
      path: '/api/contacts/{id}/merge',
      url: `/api/contacts/${c}/merge`,
      body: { duplicateId: twin.id },
      stranger: 404,
    },
  ];
});
afterAll(async () => {
  await dovecot?.stop();
  await t.close();
  delete process.env.KITH_SECRET;
});

const call = (api: Api, k: Case) =>
  k.method === 'GET'
    ? api.get(k.url)
    : k.method === 'DELETE'
      ? api.delete(k.url)
      : k.calendar
        ? api.postForm(k.url, {
            payload: Buffer.from(EMPTY_CALENDAR),
            headers: { 'content-type': 'text/calendar' },
          })
        : k.upload
          ? api.postForm(
              k.url,
              multipartBody({}, { name: 'a.csv', bytes: Buffer.from('Name,Email\nAna,ana@matrix.test\n') }),
            )
          : api[k.method === 'POST' ? 'post' : 'patch'](k.url, k.body);

/** Everything the owner created, read back as the owner. */
async function ownerView() {
  return Promise.all([
    ownerApi.get(`/api/tiers/${ids.tier}`),
    ownerApi.get(`/api/companies/${ids.company}`),
    ownerApi.get(`/api/contacts/${ids.contact}`),
    ownerApi.get(`/api/interactions/${ids.interaction}`),
    ownerApi.get(`/api/next-steps?contactId=${ids.contact}&status=all`),
    ownerApi.get(`/api/contacts/${ids.contact}/facts`),
    ownerApi.get('/api/tokens'),
    ownerApi.get(`/api/jobs/${ids.job}`),
    ownerApi.get(`/api/imports/${ids.import}`),
    ownerApi.get('/api/tokens?all=true'),
    ownerApi.get('/api/invites'),
  ]).then((all) =>
    all.map((r) => ({
      status: r.status,
      body: JSON.stringify(r.body).replace(/"lastUsedAt":("[^"]*"|null)/g, ''),
    })),
  );
}

describe('every authenticated route', () => {
  it('is in this table', async () => {
    const doc = (await apiAs(t.app).get('/api/openapi.json')).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const covered = new Set(cases.map((k) => `${k.method} ${k.path}`));
    const missing = routes.filter((r) => !PUBLIC.has(r) && !covered.has(r));
    expect(missing).toEqual([]);
  });

  it('answers 401 without a credential', async () => {
    for (const k of cases) expect((await call(apiAs(t.app), k)).status, `${k.method} ${k.url}`).toBe(401);
  });

  it('answers 403 to a viewer who writes, and writes nothing', async () => {
    const before = await ownerView();
    const viewerApi = apiAs(t.app, viewer.token);
    for (const k of cases.filter((c) => c.method !== 'GET' && !c.viewerMay)) {
      expect((await call(viewerApi, k)).status, `${k.method} ${k.url}`).toBe(403);
    }
    expect(await ownerView()).toEqual(before);
    for (const k of cases.filter((c) => c.viewerMay)) {
      expect((await call(viewerApi, k)).status, `${k.method} ${k.url}`).not.toBeOneOf([401, 403]);
    }
  });

  it("never lets another workspace see or touch this workspace's data", async () => {
    const before = await ownerView();
    const strangerApi = apiAs(t.app, stranger.token);
    const secrets = Object.values(ids);
    for (const k of cases) {
      const res = await call(strangerApi, k);
      if (k.stranger === 404) {
        expect(res.status, `${k.method} ${k.url}`).toBe(404);
      } else {
        if (!k.unavailable) expect(res.status, `${k.method} ${k.url}`).toBeLessThan(300);
        for (const id of secrets)
          expect(JSON.stringify(res.body), `${k.method} ${k.url} leaks ${id}`).not.toContain(id);
      }
    }
    expect(await ownerView()).toEqual(before);
  });
});
