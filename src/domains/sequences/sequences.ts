import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { releaseHeldEmails } from '../outbox/held.ts';
import { getTemplate } from '../templates/templates.ts';
import { type Actor, assertMayDelete } from '../workspaces/permissions.ts';
import { delayMs, planStep } from './advance.ts';
import { sequenceEnrollments, sequences } from './schema.ts';
import type { SequenceInput, SequencePatchInput } from './validators.ts';

export type SequenceRow = typeof sequences.$inferSelect;
export type EnrollmentRow = typeof sequenceEnrollments.$inferSelect;

type Scope = { db: Db; workspaceId: string; actorId: string };

async function assertTemplates(options: Scope & { steps: SequenceInput['steps'] }) {
  for (const [i, step] of options.steps.entries()) {
    if (step.templateId)
      await getTemplate({ ...options, id: step.templateId, field: `body.steps.${i}.templateId` });
  }
}

export async function createSequence(options: Scope & { input: SequenceInput }): Promise<SequenceRow> {
  const { db, workspaceId, actorId, input } = options;
  await assertTemplates({ ...options, steps: input.steps });
  const [row] = await db
    .insert(sequences)
    .values({
      workspaceId,
      name: input.name,
      steps: input.steps,
      stopOn: input.stopOn ?? [],
      mailboxId: input.mailboxId ?? null,
      createdBy: actorId,
    })
    .returning();
  if (!row) throw new Error('sequence insert returned nothing');
  await recordAudit({
    db,
    workspaceId,
    actorId,
    action: 'create',
    entity: 'sequence',
    entityId: row.id,
    changes: { name: row.name },
  });
  return row;
}

export async function findSequences(options: Omit<Scope, 'actorId'>): Promise<SequenceRow[]> {
  return options.db
    .select()
    .from(sequences)
    .where(eq(sequences.workspaceId, options.workspaceId))
    .orderBy(asc(sql`lower(${sequences.name})`), asc(sequences.id));
}

export async function getSequence(options: Omit<Scope, 'actorId'> & { id: string; field?: string }) {
  const [row] = await options.db
    .select()
    .from(sequences)
    .where(and(eq(sequences.workspaceId, options.workspaceId), eq(sequences.id, options.id)));
  if (!row) throw notFound('Sequence', options.id, options.field);
  return row;
}

export async function updateSequence(options: Scope & { id: string; input: SequencePatchInput }) {
  const { db, workspaceId, actorId, input } = options;
  const before = await getSequence(options);
  if (input.steps) await assertTemplates({ ...options, steps: input.steps });
  const [row] = await db
    .update(sequences)
    .set({ ...input, updatedAt: new Date() })
    .where(and(eq(sequences.workspaceId, workspaceId), eq(sequences.id, before.id)))
    .returning();
  if (!row) throw notFound('Sequence', options.id);
  await recordAudit({
    db,
    workspaceId,
    actorId,
    action: 'update',
    entity: 'sequence',
    entityId: row.id,
    changes: input,
  });
  return row;
}

/** Deletes a sequence; its live enrolments stop ("the sequence was deleted"), and its sent mail stays. */
export async function deleteSequence(options: Scope & { id: string }) {
  const { db, workspaceId, actorId } = options;
  const row = await getSequence(options);
  const stopped = await db
    .update(sequenceEnrollments)
    .set({
      status: 'stopped',
      stopReason: 'the sequence was deleted',
      stoppedAt: new Date(),
      nextStepAt: null,
    })
    .where(
      and(
        eq(sequenceEnrollments.workspaceId, workspaceId),
        eq(sequenceEnrollments.sequenceId, row.id),
        inArray(sequenceEnrollments.status, ['active', 'paused']),
      ),
    )
    .returning({ id: sequenceEnrollments.id });
  await releaseHeldEmails({ db, workspaceId, enrollmentIds: stopped.map((e) => e.id) });
  await db.delete(sequences).where(and(eq(sequences.workspaceId, workspaceId), eq(sequences.id, row.id)));
  await recordAudit({
    db,
    workspaceId,
    actorId,
    action: 'delete',
    entity: 'sequence',
    entityId: row.id,
    changes: { name: row.name },
  });
}

type Candidate = {
  id: string;
  do_not_contact: boolean;
  has_email: boolean;
  suppressed: boolean;
  live: boolean;
};

/**
 * Enrols contacts, each starting now: its first step planned after the step's delay. Skipped, with the reason:
 * a contact marked do not contact, one whose address bounced or unsubscribed, one already in a live sequence,
 * and one without an email when the sequence sends email. (Enrolment by rule will call this too.)
 */
export async function enrollContacts(
  options: Scope & { sequenceId: string; contactIds: string[]; now?: Date },
) {
  const { db, workspaceId, actorId } = options;
  const now = options.now ?? new Date();
  const sequence = await getSequence({ ...options, id: options.sequenceId, field: 'params.id' });
  const sendsEmail = sequence.steps.some((s) => s.channel === 'email');
  const ids = [...new Set(options.contactIds)];
  const rows = await queryRows<Candidate>(
    db,
    sql`select c.id, c.do_not_contact,
          exists (select 1 from contact_emails e where e.workspace_id = c.workspace_id and e.contact_id = c.id) as has_email,
          exists (select 1 from contact_emails e join suppressions s on s.workspace_id = e.workspace_id
            and s.email = lower(e.email) where e.workspace_id = c.workspace_id and e.contact_id = c.id) as suppressed,
          exists (select 1 from sequence_enrollments x where x.workspace_id = c.workspace_id and x.contact_id = c.id
            and x.status in ('active', 'paused')) as live
        from contacts c where c.workspace_id = ${workspaceId}::uuid and c.id = any(${sql.param(ids)}::uuid[])
        for update of c`,
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const enrolled: string[] = [];
  const skipped: { contactId: string; reason: string }[] = [];
  for (const contactId of ids) {
    const c = byId.get(contactId);
    const reason = !c
      ? 'not found'
      : c.do_not_contact
        ? 'marked do not contact'
        : c.suppressed
          ? 'their address bounced or unsubscribed'
          : c.live
            ? 'already in a sequence'
            : sendsEmail && !c.has_email
              ? 'has no email address, and the sequence sends email'
              : null;
    if (reason) {
      skipped.push({ contactId, reason });
      continue;
    }
    const [enrollment] = await db
      .insert(sequenceEnrollments)
      .values({ workspaceId, sequenceId: sequence.id, contactId, ownerId: actorId, enrolledAt: now })
      .returning();
    if (!enrollment) throw new Error('enrolment insert returned nothing');
    await planStep({ db, enrollment, at: new Date(now.getTime() + delayMs(sequence.steps[0]!)) });
    enrolled.push(contactId);
  }
  if (enrolled.length > 0) {
    await recordAudit({
      db,
      workspaceId,
      actorId,
      action: 'create',
      entity: 'sequence_enrollment',
      entityId: null,
      changes: { sequenceId: sequence.id, count: enrolled.length },
    });
  }
  return { enrolled, skipped };
}

/** A sequence's enrolments, newest first, with the contact's name. */
export async function findEnrollments(options: Omit<Scope, 'actorId'> & { sequenceId: string }) {
  await getSequence({ ...options, id: options.sequenceId });
  return queryRows<EnrollmentRow & { contactName: string }>(
    options.db,
    sql`select e.id, e.sequence_id as "sequenceId", e.contact_id as "contactId", e.owner_id as "ownerId", e.status,
          e.current_step as "currentStep", e.next_step_at as "nextStepAt", e.stop_reason as "stopReason",
          e.stopped_at as "stoppedAt", e.enrolled_at as "enrolledAt",
          trim(c.first_name || ' ' || c.last_name) as "contactName"
        from sequence_enrollments e join contacts c on c.workspace_id = e.workspace_id and c.id = e.contact_id
        where e.workspace_id = ${options.workspaceId}::uuid and e.sequence_id = ${options.sequenceId}::uuid
        order by e.enrolled_at desc, e.id`,
  );
}

async function getEnrollment(options: Scope & Actor & { id: string }) {
  const [row] = await options.db
    .select()
    .from(sequenceEnrollments)
    .where(
      and(eq(sequenceEnrollments.workspaceId, options.workspaceId), eq(sequenceEnrollments.id, options.id)),
    )
    .for('update');
  if (!row) throw notFound('Enrolment', options.id);
  assertMayDelete({ ...options, ownerId: row.ownerId, entity: 'sequence enrolment' });
  return row;
}

/**
 * Pauses an enrolment (its next step waits, and an email of it still in the outbox is held there) or resumes
 * it (the step runs now if it was due meanwhile, and a held email goes back to the queue).
 */
export async function setEnrollmentStatus(
  options: Scope & Actor & { id: string; status: 'active' | 'paused' },
) {
  const { db, workspaceId } = options;
  const row = await getEnrollment(options);
  if (row.status === 'finished' || row.status === 'stopped') {
    const message = `is ${row.status}: enrol the contact again to start over`;
    throw new AppError('conflict', `params.id: ${message}`, [{ field: 'params.id', message }]);
  }
  const where = and(eq(sequenceEnrollments.workspaceId, workspaceId), eq(sequenceEnrollments.id, row.id));
  await db.update(sequenceEnrollments).set({ status: options.status, updatedAt: new Date() }).where(where);
  if (options.status === 'active' && row.status === 'paused') {
    const at = new Date(Math.max(Date.now(), row.nextStepAt?.getTime() ?? Date.now()));
    await planStep({ db, enrollment: row, at });
    await releaseHeldEmails({ db, workspaceId, enrollmentIds: [row.id] });
  }
}

/** Takes a contact out of a sequence by hand; what it sent stays, and an email it still held fails. */
export async function removeEnrollment(options: Scope & Actor & { id: string }) {
  const row = await getEnrollment(options);
  if (row.status !== 'active' && row.status !== 'paused') return;
  await options.db
    .update(sequenceEnrollments)
    .set({
      status: 'stopped',
      stopReason: 'removed by hand',
      stoppedAt: new Date(),
      nextStepAt: null,
      updatedAt: new Date(),
    })
    .where(and(eq(sequenceEnrollments.workspaceId, options.workspaceId), eq(sequenceEnrollments.id, row.id)));
  await releaseHeldEmails({ ...options, enrollmentIds: [row.id] });
}
