import { inTransaction } from '../db/transaction.ts';
import { sealKey } from '../domains/mailboxes/settings.ts';
import { queueEmail } from '../domains/outbox/queue.ts';
import { unsubscribeToken } from '../domains/outbox/unsubscribe-token.ts';
import type { TestUser } from '../domains/workspaces/factories.ts';
import { type Fixtures, type MakeRequest, unique, type Whose, type World } from './permission-world.ts';

/** The rows of docs/permissions.md about mail: mailboxes, suggestions, templates, sending, sequences, reports. */
export function sendingRequests(w: World, f: Fixtures): Record<string, MakeRequest> {
  const { ownerApi, ok, contact, get, as, holder, mailbox, suggestion, sendingMailbox } = f;
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
  };
}
