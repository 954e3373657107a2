import { inTransaction } from '../db/transaction.ts';
import { echoJob } from '../domains/jobs/echo-job.ts';
import { enqueueJob } from '../domains/jobs/enqueue.ts';
import { sealKey } from '../domains/mailboxes/settings.ts';
import { queueEmail } from '../domains/outbox/queue.ts';
import { unsubscribeToken } from '../domains/outbox/unsubscribe.ts';
import type { TestUser } from '../domains/workspaces/factories.ts';
import { addDays, todayUtc } from '../shared/dates.ts';
import {
  EMPTY_CALENDAR,
  type Fixtures,
  type MakeRequest,
  unique,
  type Whose,
  type World,
} from './permission-world.ts';

/** The rows of docs/permissions.md about the workspace's records: tiers, companies, contacts, touches, captures. */
export function recordRequests(w: World, f: Fixtures): Record<string, MakeRequest> {
  const { ownerApi, ok, finishedImport, contact, interaction, step, subscription, fact, get } = f;
  const { as, holder } = f;
  const { mailbox, suggestion, sendingMailbox } = f;
  const taskSequence = () => ({ name: `Seq ${unique()}`, steps: [{ after: { days: 1 }, channel: 'task' }] });
  /** A sequence of the workspace, made by its owner. */
  const sequence = async () => (await ok(ownerApi.post('/api/sequences', taskSequence()))).id as string;
  /** An enrolment owned by whoever `whose` says. */
  const enrollment = async (caller: TestUser, whose: Whose) => {
    const holderApi = as(holder(caller, whose));
    const seq = await sequence();
    await ok(
      holderApi.post(`/api/sequences/${seq}/enrollments`, { contactIds: [await contact(caller, whose)] }),
    );
    const list = await ok(holderApi.get(`/api/sequences/${seq}/enrollments`));
    return list.items[0].id as string;
  };
  /** A template of the workspace, made by its owner. */
  const template = async () =>
    (await ok(ownerApi.post('/api/templates', { name: `T ${unique()}`, subject: 'Hi', body: 'Hello' })))
      .id as string;
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
    'GET /api/mailboxes': get('/api/mailboxes'),
    // The login is checked against a real IMAP server: the world's Dovecot, when this machine has one.
    'POST /api/mailboxes': async () => ({
      method: 'POST',
      url: '/api/mailboxes',
      body: {
        imap: w.imap ?? { host: '127.0.0.1', port: 1, tls: 'none', username: 'x@y.test', password: 'x' },
      },
      unavailable: w.imap ? undefined : 'no Dovecot on this machine to log in to',
    }),
    // A mailbox and a suggestion are their user's alone (another's is a 404): each caller acts on their own.
    'GET /api/mailboxes/{id}': async (caller) => ({
      method: 'GET',
      url: `/api/mailboxes/${await mailbox(caller)}`,
    }),
    'PATCH /api/mailboxes/{id}': async (caller) => ({
      method: 'PATCH',
      url: `/api/mailboxes/${await mailbox(caller)}`,
      body: { label: 'Renamed' },
    }),
    'DELETE /api/mailboxes/{id}': async (caller) => ({
      method: 'DELETE',
      url: `/api/mailboxes/${await mailbox(caller)}`,
    }),
    'POST /api/mailboxes/{id}/sync': async (caller) => ({
      method: 'POST',
      url: `/api/mailboxes/${await mailbox(caller)}/sync`,
    }),
    'GET /api/suggested-contacts': get('/api/suggested-contacts'),
    'POST /api/suggested-contacts/{id}/accept': async (caller) => ({
      method: 'POST',
      url: `/api/suggested-contacts/${await suggestion(caller)}/accept`,
      body: {},
    }),
    'POST /api/suggested-contacts/{id}/ignore': async (caller) => ({
      method: 'POST',
      url: `/api/suggested-contacts/${await suggestion(caller)}/ignore`,
      body: {},
    }),
    'POST /api/suggested-contacts/{id}/restore': async (caller) => ({
      method: 'POST',
      url: `/api/suggested-contacts/${await suggestion(caller)}/restore`,
      body: {},
    }),
    'GET /api/outbox': get('/api/outbox'),
    // Public: the link in an email Kith sent; the token is what proves the right to act.
    'POST /api/unsubscribe/{token}': async () => {
      const contactId = await contact(w.owner, 'own');
      const mailboxId = await sendingMailbox(w.owner);
      const row = await inTransaction(w.db, (db) =>
        queueEmail({
          db,
          workspaceId: w.owner.workspaceId,
          actorId: w.owner.userId,
          contactId,
          mailboxId,
          source: 'sequence',
          content: { subject: 'Hi', body: 'Hello' },
        }),
      );
      return {
        method: 'POST',
        url: `/api/unsubscribe/${unsubscribeToken(sealKey(), w.owner.workspaceId, row.id)}`,
      };
    },
    'GET /api/reports/persistence': get('/api/reports/persistence?owner=all'),
    'GET /api/sequences': get('/api/sequences'),
    'GET /api/sequences/{id}': async () => ({ method: 'GET', url: `/api/sequences/${await sequence()}` }),
    'POST /api/sequences': async () => ({ method: 'POST', url: '/api/sequences', body: taskSequence() }),
    'PATCH /api/sequences/{id}': async () => ({
      method: 'PATCH',
      url: `/api/sequences/${await sequence()}`,
      body: { name: `Renamed ${unique()}` },
    }),
    'DELETE /api/sequences/{id}': async () => ({
      method: 'DELETE',
      url: `/api/sequences/${await sequence()}`,
    }),
    'POST /api/sequences/{id}/enrollments': async (caller, whose) => ({
      method: 'POST',
      url: `/api/sequences/${await sequence()}/enrollments`,
      body: { contactIds: [await contact(caller, whose)] },
    }),
    'GET /api/sequences/{id}/enrollments': async () => ({
      method: 'GET',
      url: `/api/sequences/${await sequence()}/enrollments`,
    }),
    'PATCH /api/enrollments/{id}': async (caller, whose) => ({
      method: 'PATCH',
      url: `/api/enrollments/${await enrollment(caller, whose)}`,
      body: { status: 'paused' },
    }),
    'DELETE /api/enrollments/{id}': async (caller, whose) => ({
      method: 'DELETE',
      url: `/api/enrollments/${await enrollment(caller, whose)}`,
    }),
    // Queued only: the send job is not run here, so no mail leaves the test.
    'POST /api/emails': async (caller, whose) => ({
      method: 'POST',
      url: '/api/emails',
      body: {
        contactId: await contact(caller, whose),
        mailboxId: await sendingMailbox(caller),
        subject: 'Hello',
        body: 'Hi {{contact.firstName}}',
      },
    }),
    'GET /api/templates': get('/api/templates'),
    'GET /api/templates/{id}': async () => ({ method: 'GET', url: `/api/templates/${await template()}` }),
    'POST /api/templates': async () => ({
      method: 'POST',
      url: '/api/templates',
      body: { name: `Template ${unique()}`, subject: 'Hi', body: 'Hello {{contact.firstName}}' },
    }),
    'PATCH /api/templates/{id}': async () => ({
      method: 'PATCH',
      url: `/api/templates/${await template()}`,
      body: { subject: 'Changed' },
    }),
    'DELETE /api/templates/{id}': async () => ({
      method: 'DELETE',
      url: `/api/templates/${await template()}`,
    }),
    'POST /api/templates/{id}/preview': async (caller, whose) => ({
      method: 'POST',
      url: `/api/templates/${await template()}/preview`,
      body: { contactId: await contact(caller, whose) },
    }),
    'POST /api/templates/preview': async (caller, whose) => ({
      method: 'POST',
      url: '/api/templates/preview',
      body: { contactId: await contact(caller, whose), subject: 'Hi', body: 'Hello {{contact.firstName}}' },
    }),
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
