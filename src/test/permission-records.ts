import { echoJob } from '../domains/jobs/echo-job.ts';
import { enqueueJob } from '../domains/jobs/enqueue.ts';
import { addDays, todayUtc } from '../shared/dates.ts';
import { sendingRequests } from './permission-sending.ts';
import { EMPTY_CALENDAR, type Fixtures, type MakeRequest, unique, type World } from './permission-world.ts';

/** The rows of docs/permissions.md about the workspace's records: tiers, companies, contacts, touches, captures. */
export function recordRequests(w: World, f: Fixtures): Record<string, MakeRequest> {
  const { ownerApi, ok, finishedImport, contact, interaction, step, subscription, fact, get } = f;
  return {
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
    ...sendingRequests(w, f),
    'POST /api/dropbox/regenerate': async () => ({ method: 'POST', url: '/api/dropbox/regenerate' }),
    'POST /api/imports': async () => ({ method: 'POST', url: '/api/imports', upload: true }),
    'POST /api/imports/preview': async () => ({ method: 'POST', url: '/api/imports/preview', upload: true }),
    'GET /api/imports': async () => ({ method: 'GET', url: '/api/imports' }),
    'GET /api/imports/{id}': async () => ({ method: 'GET', url: `/api/imports/${await finishedImport()}` }),
    'POST /api/imports/{id}/undo': async () => ({
      method: 'POST',
      url: `/api/imports/${await finishedImport()}/undo`,
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
