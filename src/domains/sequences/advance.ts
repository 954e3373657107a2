import { and, asc, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { todayUtc } from '../../shared/dates.ts';
import { AppError } from '../../shared/errors.ts';
import { lockContacts, refreshDueState } from '../cadence/due-state.ts';
import { nextSteps } from '../interactions/schema.ts';
import { enqueueJob } from '../jobs/enqueue.ts';
import { mailboxes } from '../mailboxes/schema.ts';
import { queueEmail } from '../outbox/queue.ts';
import { advanceJob } from './advance-job.ts';
import { type SequenceStep, sequenceEnrollments, sequences } from './schema.ts';
import { stopReasonOf } from './stop-rules.ts';

type EnrollmentRow = typeof sequenceEnrollments.$inferSelect;
type SequenceRow = typeof sequences.$inferSelect;

/** How long a step waits after the one before it. */
export const delayMs = (step: SequenceStep) =>
  ((step.after.days * 24 + (step.after.hours ?? 0)) * 60 + (step.after.minutes ?? 0)) * 60_000;

/** Plans the enrolment's step at `at`: its time is stored, and a job runs it then. */
export async function planStep(options: { db: Db; enrollment: EnrollmentRow; at: Date }) {
  const { db, enrollment } = options;
  await db
    .update(sequenceEnrollments)
    .set({ nextStepAt: options.at, updatedAt: new Date() })
    .where(
      and(
        eq(sequenceEnrollments.workspaceId, enrollment.workspaceId),
        eq(sequenceEnrollments.id, enrollment.id),
      ),
    );
  await enqueueJob({
    db,
    workspaceId: enrollment.workspaceId,
    job: advanceJob,
    payload: { enrollmentId: enrollment.id },
    runAt: options.at,
  });
}

/** The mailbox a sequence's email goes from: the sequence's when it is the owner's, else the owner's first that sends. */
async function senderOf(db: Db, sequence: SequenceRow, ownerId: string): Promise<string | null> {
  const rows = await db
    .select({ id: mailboxes.id })
    .from(mailboxes)
    .where(
      and(
        eq(mailboxes.workspaceId, sequence.workspaceId),
        eq(mailboxes.userId, ownerId),
        isNotNull(mailboxes.smtpHost),
      ),
    )
    .orderBy(asc(mailboxes.createdAt));
  return rows.find((r) => r.id === sequence.mailboxId)?.id ?? rows[0]?.id ?? null;
}

/** Runs one step: an email through the outbox, or a next step for the owner (call, task). Throws AppError to stop. */
async function runStep(db: Db, sequence: SequenceRow, enrollment: EnrollmentRow, step: SequenceStep) {
  if (step.channel === 'email') {
    const mailboxId = await senderOf(db, sequence, enrollment.ownerId);
    if (!mailboxId) throw new AppError('unprocessable', 'the owner has no mailbox that sends');
    if (!step.templateId) throw new AppError('unprocessable', 'the email step has no template');
    await queueEmail({
      db,
      workspaceId: enrollment.workspaceId,
      actorId: enrollment.ownerId,
      contactId: enrollment.contactId,
      mailboxId,
      source: 'sequence',
      content: { templateId: step.templateId },
      enrollmentId: enrollment.id,
    });
    return;
  }
  const action = `${sequence.name}: ${step.action ?? (step.channel === 'call' ? 'Call' : 'Follow up')}`;
  await db.insert(nextSteps).values({
    workspaceId: enrollment.workspaceId,
    contactId: enrollment.contactId,
    action: action.slice(0, 500),
    dueOn: todayUtc(),
    createdBy: enrollment.ownerId,
  });
  await refreshDueState({
    db,
    workspaceId: enrollment.workspaceId,
    scope: { contactIds: [enrollment.contactId] },
  });
}

/**
 * Runs an enrolment's due step, in the caller's transaction (the advance job's): its contact and then its row
 * locked (the order recordTouches takes them in), the stop rules checked first, then the step, then the next
 * one planned, or the enrolment finished. A step that cannot run (no template value, no mailbox, the contact
 * may not be written to) stops the enrolment with that reason rather than skipping ahead.
 */
export async function advanceEnrollment(options: {
  db: Db;
  workspaceId: string;
  enrollmentId: string;
  now?: Date;
}): Promise<void> {
  const { db, workspaceId } = options;
  const now = options.now ?? new Date();
  const where = and(
    eq(sequenceEnrollments.workspaceId, workspaceId),
    eq(sequenceEnrollments.id, options.enrollmentId),
  );
  const [peek] = await db
    .select({ contactId: sequenceEnrollments.contactId })
    .from(sequenceEnrollments)
    .where(where);
  if (!peek) return;
  await lockContacts({ db, workspaceId, scope: { contactIds: [peek.contactId] } });
  const [enrollment] = await db.select().from(sequenceEnrollments).where(where).for('update');
  if (enrollment?.status !== 'active') return;
  // An early run (a resumed enrolment's old job): the planned one will come.
  if (enrollment.nextStepAt && enrollment.nextStepAt.getTime() > now.getTime() + 1000) return;
  const stop = async (reason: string) => {
    await db
      .update(sequenceEnrollments)
      .set({ status: 'stopped', stopReason: reason, stoppedAt: now, nextStepAt: null, updatedAt: now })
      .where(where);
  };
  const reason = await stopReasonOf({ db, workspaceId, enrollmentId: enrollment.id });
  if (reason) return stop(reason);
  const [sequence] = await db
    .select()
    .from(sequences)
    .where(and(eq(sequences.workspaceId, workspaceId), eq(sequences.id, enrollment.sequenceId)));
  const step = sequence?.steps[enrollment.currentStep];
  if (!sequence || !step) {
    await db
      .update(sequenceEnrollments)
      .set({ status: 'finished', nextStepAt: null, updatedAt: now })
      .where(where);
    return;
  }
  try {
    await runStep(db, sequence, enrollment, step);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return stop(
      `step ${enrollment.currentStep + 1} could not run: ${error.message.replace(/^body\.\w+: /, '')}`,
    );
  }
  const next = sequence.steps[enrollment.currentStep + 1];
  await db
    .update(sequenceEnrollments)
    .set({
      currentStep: enrollment.currentStep + 1,
      status: next ? 'active' : 'finished',
      nextStepAt: null,
      updatedAt: now,
    })
    .where(where);
  if (next) {
    await planStep({ db, enrollment, at: new Date(now.getTime() + delayMs(next)) });
  }
}
