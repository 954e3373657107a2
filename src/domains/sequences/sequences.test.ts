import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { inTransaction } from '../../db/transaction.ts';
import { JOB_KINDS } from '../../server/job-kinds.ts';
import { todayUtc } from '../../shared/dates.ts';
import { type Api, apiAs, openTestApp, type TestApp } from '../../test/http.ts';
import { type SmtpSink, startSmtpSink } from '../../test/smtp-sink.ts';
import { buildCompany } from '../companies/factories.ts';
import { buildContact } from '../contacts/factories.ts';
import { contacts } from '../contacts/schema.ts';
import { runJobNow } from '../jobs/run-now.ts';
import { outbox } from '../outbox/schema.ts';
import { buildUser, type TestUser } from '../workspaces/factories.ts';
import { advanceEnrollment } from './advance.ts';
import { sequenceEnrollments } from './schema.ts';

let t: TestApp;
let sink: SmtpSink;
let owner: TestUser;
let api: Api;
let templateId: string;

beforeAll(async () => {
  process.env.KITH_SECRET = 'sequences test secret';
  t = await openTestApp();
  sink = await startSmtpSink();
  owner = await buildUser(t.store.db, { workspace: 'Sequences', email: 'seller@kith.test' });
  api = apiAs(t.app, owner.token);
  const box = await api.post('/api/mailboxes', {
    smtp: { host: sink.host, port: sink.port, tls: 'none' },
    address: 'seller@kith.test',
  });
  expect(box.status, JSON.stringify(box.body)).toBe(201);
  templateId = (
    await api.post('/api/templates', {
      name: 'Nudge',
      subject: 'Following up',
      body: 'Hi {{contact.firstName}}',
    })
  ).body.id;
});
afterAll(async () => {
  await sink.stop();
  await t.close();
  delete process.env.KITH_SECRET;
});

const jobsOf = (enrollmentId: string) =>
  queryRows<{ id: string; kind: string; status: string }>(
    t.store.db,
    sql`select id, kind, status from jobs where workspace_id = ${owner.workspaceId}::uuid
        and (payload->>'enrollmentId' = ${enrollmentId}
          or payload->>'outboxId' in (select id::text from outbox where enrollment_id = ${enrollmentId}::uuid))
        order by created_at`,
  );
const runQueued = async (enrollmentId: string, kind: string) => {
  const job = (await jobsOf(enrollmentId)).find((j) => j.kind === kind && j.status === 'queued');
  if (!job) throw new Error(`no queued ${kind} job`);
  return runJobNow({ db: t.store.db, kinds: JOB_KINDS, workspaceId: owner.workspaceId, jobId: job.id });
};
const enrollmentOf = async (sequenceId: string, contactId: string) =>
  (await api.get(`/api/sequences/${sequenceId}/enrollments`)).body.items.find(
    (e: { contact: { id: string } }) => e.contact.id === contactId,
  );
/** Runs an enrolment's due step as its job would, at a given time. */
const stepAt = (enrollmentId: string, now: Date) =>
  inTransaction(t.store.db, (db) =>
    advanceEnrollment({ db, workspaceId: owner.workspaceId, enrollmentId, now }),
  );
const inbound = (contactId: string, extra: Record<string, unknown> = {}) =>
  api.post('/api/interactions', {
    contactIds: [contactId],
    kind: 'email',
    direction: 'in',
    summary: 'Re: Following up',
    ...extra,
  });

describe('a follow-up sequence', () => {
  it('enrols with reasons for who is skipped, then emails, plans a call, and finishes', async () => {
    const seq = await api.post('/api/sequences', {
      name: 'Five touches',
      steps: [
        { after: { days: 0 }, channel: 'email', templateId },
        { after: { days: 2 }, channel: 'call', action: 'Call about the offer' },
        { after: { days: 3 }, channel: 'task' },
      ],
    });
    expect(seq.status, JSON.stringify(seq.body)).toBe(201);
    const ada = await buildContact(t.store.db, owner.workspaceId, {
      firstName: 'Ada',
      email: 'ada@lead.test',
    });
    const dnc = await buildContact(t.store.db, owner.workspaceId, { firstName: 'No', doNotContact: true });
    const mute = await buildContact(t.store.db, owner.workspaceId, { firstName: 'Mute', email: null });
    const enrolled = await api.post(`/api/sequences/${seq.body.id}/enrollments`, {
      contactIds: [ada.id, dnc.id, mute.id],
    });
    expect(enrolled.body).toEqual({
      enrolled: [ada.id],
      skipped: [
        { contactId: dnc.id, reason: 'marked do not contact' },
        { contactId: mute.id, reason: 'has no email address, and the sequence sends email' },
      ],
    });
    const again = await api.post(`/api/sequences/${seq.body.id}/enrollments`, { contactIds: [ada.id] });
    expect(again.body.skipped).toEqual([{ contactId: ada.id, reason: 'already in a sequence' }]);

    const e = await enrollmentOf(seq.body.id, ada.id);
    expect((await runQueued(e.id, 'sequences.advance')).status).toBe('done');
    expect((await runQueued(e.id, 'outbox.send')).status).toBe('done');
    expect(sink.received.filter((m) => m.to.includes('ada@lead.test'))).toHaveLength(1);
    const afterEmail = await enrollmentOf(seq.body.id, ada.id);
    expect(afterEmail).toMatchObject({ status: 'active', currentStep: 1 });
    expect(new Date(afterEmail.nextStepAt).getTime()).toBeGreaterThan(Date.now() + 47 * 3_600_000);
    const timeline = (await api.get(`/api/contacts/${ada.id}/timeline`)).body.items;
    expect(timeline[0]).toMatchObject({ kind: 'email', direction: 'out', source: 'sequence' });

    await stepAt(e.id, new Date(afterEmail.nextStepAt));
    const steps = (await api.get(`/api/next-steps?contactId=${ada.id}`)).body.items;
    expect(steps).toEqual([
      expect.objectContaining({ action: 'Five touches: Call about the offer', dueAt: todayUtc() }),
    ]);
    const afterCall = await enrollmentOf(seq.body.id, ada.id);
    await stepAt(e.id, new Date(afterCall.nextStepAt));
    expect(await enrollmentOf(seq.body.id, ada.id)).toMatchObject({
      status: 'finished',
      currentStep: 3,
      nextStepAt: null,
    });
  });

  it('stops on a reply, even with its email already queued; an auto-reply does not stop it', async () => {
    const seq = await api.post('/api/sequences', {
      name: 'Reply stops',
      steps: [
        { after: { days: 0 }, channel: 'email', templateId },
        { after: { days: 3 }, channel: 'email', templateId },
      ],
    });
    const bo = await buildContact(t.store.db, owner.workspaceId, { firstName: 'Bo', email: 'bo@lead.test' });
    await api.post(`/api/sequences/${seq.body.id}/enrollments`, { contactIds: [bo.id] });
    const e = await enrollmentOf(seq.body.id, bo.id);
    await runQueued(e.id, 'sequences.advance');
    // An out-of-office is not an answer.
    await inbound(bo.id, { summary: 'Out of office', signals: { autoSubmitted: 'auto-replied' } });
    expect((await enrollmentOf(seq.body.id, bo.id)).status).toBe('active');
    // The real reply arrives before the queued email goes out.
    await inbound(bo.id);
    expect(await enrollmentOf(seq.body.id, bo.id)).toMatchObject({
      status: 'stopped',
      stopReason: 'replied',
    });
    await runQueued(e.id, 'outbox.send');
    expect(sink.received.filter((m) => m.to.includes('bo@lead.test'))).toHaveLength(0);
    const [row] = await t.store.db.select().from(outbox).where(eq(outbox.enrollmentId, e.id));
    expect(row).toMatchObject({ status: 'failed', lastError: 'not sent: the sequence stopped: replied' });
  });

  it('stops on a reply from the company when asked, and when the contact becomes a customer', async () => {
    const seq = await api.post('/api/sequences', {
      name: 'Account',
      stopOn: ['company_reply'],
      steps: [{ after: { days: 1 }, channel: 'task', action: 'Check in' }],
    });
    const acme = await buildCompany(t.store.db, owner.workspaceId, { name: 'Acme Seq' });
    const cy = await buildContact(t.store.db, owner.workspaceId, { firstName: 'Cy', companyId: acme.id });
    const di = await buildContact(t.store.db, owner.workspaceId, { firstName: 'Di', companyId: acme.id });
    const ed = await buildContact(t.store.db, owner.workspaceId, { firstName: 'Ed' });
    await api.post(`/api/sequences/${seq.body.id}/enrollments`, { contactIds: [cy.id, ed.id] });
    await inbound(di.id, { kind: 'call', summary: 'Di called back' });
    expect(await enrollmentOf(seq.body.id, cy.id)).toMatchObject({
      status: 'stopped',
      stopReason: 'someone at the company replied',
    });
    await t.store.db
      .update(contacts)
      .set({ stage: 'customer' })
      .where(and(eq(contacts.workspaceId, owner.workspaceId), eq(contacts.id, ed.id)));
    const e = await enrollmentOf(seq.body.id, ed.id);
    await stepAt(e.id, new Date(Date.now() + 2 * 86_400_000));
    expect(await enrollmentOf(seq.body.id, ed.id)).toMatchObject({
      status: 'stopped',
      stopReason: 'became customer',
    });
  });

  it('pauses and resumes by hand, and removes a contact from it', async () => {
    const seq = await api.post('/api/sequences', {
      name: 'Paused',
      steps: [{ after: { days: 0 }, channel: 'task', action: 'Write' }],
    });
    const fay = await buildContact(t.store.db, owner.workspaceId, { firstName: 'Fay' });
    await api.post(`/api/sequences/${seq.body.id}/enrollments`, { contactIds: [fay.id] });
    const e = await enrollmentOf(seq.body.id, fay.id);
    expect((await api.patch(`/api/enrollments/${e.id}`, { status: 'paused' })).status).toBe(204);
    await stepAt(e.id, new Date());
    expect(await enrollmentOf(seq.body.id, fay.id)).toMatchObject({ status: 'paused', currentStep: 0 });
    await api.patch(`/api/enrollments/${e.id}`, { status: 'active' });
    await stepAt(e.id, new Date(Date.now() + 2000));
    expect(await enrollmentOf(seq.body.id, fay.id)).toMatchObject({ status: 'finished', currentStep: 1 });
    const gus = await buildContact(t.store.db, owner.workspaceId, { firstName: 'Gus' });
    await api.post(`/api/sequences/${seq.body.id}/enrollments`, { contactIds: [gus.id] });
    const g = await enrollmentOf(seq.body.id, gus.id);
    expect((await api.delete(`/api/enrollments/${g.id}`)).status).toBe(204);
    expect(await enrollmentOf(seq.body.id, gus.id)).toMatchObject({
      status: 'stopped',
      stopReason: 'removed by hand',
    });
    const [live] = await t.store.db
      .select()
      .from(sequenceEnrollments)
      .where(and(eq(sequenceEnrollments.workspaceId, owner.workspaceId), eq(sequenceEnrollments.id, g.id)));
    expect(live?.nextStepAt).toBeNull();
  });

  it('holds the queued email of a paused enrolment, sends it once on resume, fails it on removal', async () => {
    const seq = await api.post('/api/sequences', {
      name: 'Held',
      steps: [
        { after: { days: 0 }, channel: 'email', templateId },
        { after: { days: 3 }, channel: 'task', action: 'Call' },
      ],
    });
    const held = async (contactId: string) => {
      const e = await enrollmentOf(seq.body.id, contactId);
      await runQueued(e.id, 'sequences.advance');
      // Paused between the queue and the send.
      expect((await api.patch(`/api/enrollments/${e.id}`, { status: 'paused' })).status).toBe(204);
      expect((await runQueued(e.id, 'outbox.send')).status).toBe('done');
      const [row] = await t.store.db.select().from(outbox).where(eq(outbox.enrollmentId, e.id));
      return { e, row: row! };
    };
    const openSends = async (enrollmentId: string) =>
      (await jobsOf(enrollmentId)).filter((j) => j.kind === 'outbox.send' && j.status !== 'done');

    const hal = await buildContact(t.store.db, owner.workspaceId, {
      firstName: 'Hal',
      email: 'hal@lead.test',
    });
    const ivy = await buildContact(t.store.db, owner.workspaceId, {
      firstName: 'Ivy',
      email: 'ivy@lead.test',
    });
    await api.post(`/api/sequences/${seq.body.id}/enrollments`, { contactIds: [hal.id, ivy.id] });
    const h = await held(hal.id);
    expect(sink.received.filter((m) => m.to.includes('hal@lead.test'))).toHaveLength(0);
    expect(h.row).toMatchObject({ status: 'held', lastError: null });
    const listed = (await api.get('/api/outbox?status=held')).body.items;
    expect(listed).toEqual([expect.objectContaining({ id: h.row.id, status: 'held' })]);
    // Held without a job: nothing polls it while the enrolment is paused.
    expect(await openSends(h.e.id)).toEqual([]);

    expect((await api.patch(`/api/enrollments/${h.e.id}`, { status: 'active' })).status).toBe(204);
    expect((await runQueued(h.e.id, 'outbox.send')).status).toBe('done');
    expect(sink.received.filter((m) => m.to.includes('hal@lead.test'))).toHaveLength(1);
    const [sent] = await t.store.db.select().from(outbox).where(eq(outbox.id, h.row.id));
    expect(sent).toMatchObject({ status: 'sent', attempts: 1 });
    expect(await openSends(h.e.id)).toEqual([]);

    const i = await held(ivy.id);
    expect(i.row.status).toBe('held');
    expect((await api.delete(`/api/enrollments/${i.e.id}`)).status).toBe(204);
    expect((await runQueued(i.e.id, 'outbox.send')).status).toBe('done');
    expect(sink.received.filter((m) => m.to.includes('ivy@lead.test'))).toHaveLength(0);
    const [failed] = await t.store.db.select().from(outbox).where(eq(outbox.id, i.row.id));
    expect(failed).toMatchObject({
      status: 'failed',
      lastError: 'not sent: the sequence stopped: removed by hand',
    });
  });

  it('fails a held email when its paused enrolment stops on a reply', async () => {
    const seq = await api.post('/api/sequences', {
      name: 'Held reply',
      steps: [
        { after: { days: 0 }, channel: 'email', templateId },
        { after: { days: 3 }, channel: 'email', templateId },
      ],
    });
    const jo = await buildContact(t.store.db, owner.workspaceId, { firstName: 'Jo', email: 'jo@lead.test' });
    await api.post(`/api/sequences/${seq.body.id}/enrollments`, { contactIds: [jo.id] });
    const e = await enrollmentOf(seq.body.id, jo.id);
    await runQueued(e.id, 'sequences.advance');
    await api.patch(`/api/enrollments/${e.id}`, { status: 'paused' });
    await runQueued(e.id, 'outbox.send');
    const [held] = await t.store.db.select().from(outbox).where(eq(outbox.enrollmentId, e.id));
    expect(held?.status).toBe('held');
    await inbound(jo.id);
    expect((await runQueued(e.id, 'outbox.send')).status).toBe('done');
    expect(sink.received.filter((m) => m.to.includes('jo@lead.test'))).toHaveLength(0);
    const [row] = await t.store.db.select().from(outbox).where(eq(outbox.enrollmentId, e.id));
    expect(row).toMatchObject({ status: 'failed', lastError: 'not sent: the sequence stopped: replied' });
  });
});
