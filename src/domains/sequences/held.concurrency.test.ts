import { setTimeout as sleep } from 'node:timers/promises';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { inTransaction } from '../../db/transaction.ts';
import { JOB_KINDS } from '../../server/job-kinds.ts';
import { type Api, apiAs, openTestApp, type TestApp } from '../../test/http.ts';
import { type SmtpSink, startSmtpSink } from '../../test/smtp-sink.ts';
import { buildContact } from '../contacts/factories.ts';
import { drainJobs } from '../jobs/run-now.ts';
import { sealKey } from '../mailboxes/settings.ts';
import { outbox } from '../outbox/schema.ts';
import { sendQueued } from '../outbox/send.ts';
import { buildUser, type TestUser } from '../workspaces/factories.ts';
import { advanceEnrollment } from './advance.ts';
import { sequenceEnrollments } from './schema.ts';

// A paused enrolment's email is held by its send's claim, and released by the resume, raced on PostgreSQL
// (PGlite runs one statement at a time). The end state must hold whatever the order: no email held under an
// active enrolment, each sent exactly once, and no deadlock left unretried. The narrowest interleaving (a
// claim that read "paused" committing its hold after the resume looked for held emails) is closed by the
// claim's share lock on the enrolment (send-claim.ts); this test does not reliably hit that window (it passed
// with the lock taken out), so it checks the end state, not the lock.

const url = process.env.TEST_DATABASE_URL;
const N = 40;
const timed = async (work: () => Promise<unknown>) => {
  const started = performance.now();
  await work();
  return performance.now() - started;
};
let t: TestApp;
let sink: SmtpSink;
let owner: TestUser;
let api: Api;

describe.runIf(url)('holding and resuming at the same time', () => {
  beforeAll(async () => {
    process.env.KITH_SECRET = 'held concurrency test secret';
    t = await openTestApp({ poolSize: 8 });
    sink = await startSmtpSink();
    owner = await buildUser(t.store.db, { workspace: 'Held race', email: 'racer@kith.test' });
    api = apiAs(t.app, owner.token);
    const box = await api.post('/api/mailboxes', {
      smtp: { host: sink.host, port: sink.port, tls: 'none' },
      address: 'racer@kith.test',
      hourlyLimit: 1000,
      dailyLimit: 1000,
    });
    expect(box.status, JSON.stringify(box.body)).toBe(201);
  });
  afterAll(async () => {
    await sink?.stop();
    await t?.close();
    delete process.env.KITH_SECRET;
  });

  it('never leaves an email held under an active enrolment', { timeout: 120_000 }, async () => {
    const template = await api.post('/api/templates', { name: 'Race', subject: 'Hi', body: 'Hello' });
    const seq = await api.post('/api/sequences', {
      name: 'Race',
      steps: [
        { after: { days: 0 }, channel: 'email', templateId: template.body.id },
        { after: { days: 3 }, channel: 'task', action: 'Call' },
      ],
    });
    const ids: string[] = [];
    for (let i = 0; i < N; i++) {
      const c = await buildContact(t.store.db, owner.workspaceId, {
        firstName: `Racer${i}`,
        email: `racer${i}@lead.test`,
      });
      ids.push(c.id);
    }
    await api.post(`/api/sequences/${seq.body.id}/enrollments`, { contactIds: ids });
    const enrollments = await t.store.db
      .select({ id: sequenceEnrollments.id })
      .from(sequenceEnrollments)
      .where(
        and(
          eq(sequenceEnrollments.workspaceId, owner.workspaceId),
          eq(sequenceEnrollments.sequenceId, seq.body.id),
        ),
      );
    for (const e of enrollments) {
      await inTransaction(t.store.db, (db) =>
        advanceEnrollment({ db, workspaceId: owner.workspaceId, enrollmentId: e.id }),
      );
      expect((await api.patch(`/api/enrollments/${e.id}`, { status: 'paused' })).status).toBe(204);
    }
    const emails = await t.store.db
      .select({ id: outbox.id, enrollmentId: outbox.enrollmentId, messageId: outbox.messageId })
      .from(outbox)
      .where(eq(outbox.workspaceId, owner.workspaceId));
    expect(emails).toHaveLength(N);

    // Each email's send and its enrolment's resume at once, the send started at a spread of moments into
    // the resume, so that some read the enrolment while the resume is between its update and its commit.
    const resumeMs = await timed(() =>
      api.patch(`/api/enrollments/${emails[0]!.enrollmentId}`, { status: 'active' }),
    );
    await api.patch(`/api/enrollments/${emails[0]!.enrollmentId}`, { status: 'paused' });
    await Promise.all(
      emails.map(async (email, i) => {
        await Promise.all([
          sleep(Math.floor((resumeMs * i) / N)).then(() =>
            sendQueued({
              db: t.store.db,
              workspaceId: owner.workspaceId,
              outboxId: email.id,
              key: sealKey(),
            }),
          ),
          api.patch(`/api/enrollments/${email.enrollmentId}`, { status: 'active' }),
        ]);
      }),
    );
    // The send jobs the resumes enqueued (and the queue's own), run to the end.
    await drainJobs({ db: t.store.db, kinds: JOB_KINDS });

    const statuses = await queryRows<{ status: string; n: number }>(
      t.store.db,
      sql`select status, count(*)::int as n from outbox where workspace_id = ${owner.workspaceId}::uuid
          group by status`,
    );
    expect(statuses).toEqual([{ status: 'sent', n: N }]);
    for (const email of emails) {
      expect(sink.received.filter((m) => m.messageId === email.messageId)).toHaveLength(1);
    }
  });
});
