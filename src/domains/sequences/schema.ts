import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { idColumn, timestamps, workspaceIdColumn } from '../../db/columns.ts';

export const STEP_CHANNELS = ['email', 'call', 'task'] as const;
export type StepChannel = (typeof STEP_CHANNELS)[number];

/** One step: how long after the previous one (the first: after enrolment), and what it does. */
export type SequenceStep = {
  after: { days: number; hours?: number; minutes?: number };
  channel: StepChannel;
  /** An email step's template, sent from the sequence's mailbox. */
  templateId?: string;
  /** A call or task step's next step text. */
  action?: string;
};

/** What else stops an enrolment beyond the rules that always do: a reply from anyone at the company. */
export const STOP_ON = ['company_reply'] as const;

/** A follow-up sequence: steps a contact goes through until they answer or the steps run out. */
export const sequences = pgTable(
  'sequences',
  {
    workspaceId: workspaceIdColumn(),
    id: idColumn(),
    name: text('name').notNull(),
    steps: jsonb('steps').$type<SequenceStep[]>().notNull(),
    stopOn: text('stop_on', { enum: STOP_ON }).array().notNull().default(sql`'{}'::text[]`),
    /** The mailbox its emails go from; an enrolment's owner needs one of their own otherwise. */
    mailboxId: uuid('mailbox_id'),
    createdBy: uuid('created_by'),
    ...timestamps(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const ENROLLMENT_STATUSES = ['active', 'paused', 'finished', 'stopped'] as const;
export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number];

/** A contact going through a sequence: where it stands, when its next step is due, and why it stopped. */
export const sequenceEnrollments = pgTable(
  'sequence_enrollments',
  {
    workspaceId: workspaceIdColumn(),
    id: idColumn(),
    sequenceId: uuid('sequence_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    /** Who enrolled the contact: the steps are theirs (their mailbox, their next steps). */
    ownerId: uuid('owner_id').notNull(),
    status: text('status', { enum: ENROLLMENT_STATUSES }).notNull().default('active'),
    /** The index of the next step to run; the number of steps once finished. */
    currentStep: integer('current_step').notNull().default(0),
    nextStepAt: timestamp('next_step_at', { withTimezone: true, mode: 'date' }),
    stopReason: text('stop_reason'),
    stoppedAt: timestamp('stopped_at', { withTimezone: true, mode: 'date' }),
    enrolledAt: timestamp('enrolled_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    // A contact is in one sequence at a time.
    uniqueIndex('sequence_enrollments_live_key')
      .on(t.workspaceId, t.contactId)
      .where(sql`${t.status} in ('active', 'paused')`),
    index('sequence_enrollments_sequence_idx').on(t.workspaceId, t.sequenceId, t.enrolledAt),
  ],
);
