import { z } from 'zod';
import { NextStepPlan } from '../../shared/next-step-input.ts';
import { Body, Id, IsoDateTime, Limit } from '../../shared/validators.ts';
import { DUE_REASONS } from '../contacts/schema.ts';
import { CALL_OUTCOMES, DIRECTIONS, INTERACTION_KINDS, SOURCES, TOUCH_CLASSES } from './schema.ts';

const Summary = z.string().trim().min(1).max(500);
const Duration = z.number().int().min(0).max(1440, { error: 'must be at most 1440 minutes (a day)' });

export { NextStepPlan } from '../../shared/next-step-input.ts';

export const InteractionInput = z.object({
  contactIds: z.array(Id).min(1).max(50).describe('Everyone who took part (1 to 50 contacts)'),
  kind: z.enum(INTERACTION_KINDS),
  direction: z.enum(DIRECTIONS).default('out'),
  occurredAt: IsoDateTime.optional().describe('When it happened; defaults to now, at most 5 minutes ahead'),
  summary: Summary,
  body: Body.optional(),
  source: z
    .enum(SOURCES)
    .optional()
    .describe('Defaults to `api` for API-token callers and `manual` for signed-in users'),
  externalId: z
    .string()
    .min(1)
    .max(500)
    .optional()
    .describe(
      'Id in the source system; a second interaction with the same source and externalId is a duplicate',
    ),
  nextStep: NextStepPlan.optional().describe('Creates one open next step per contact'),
  outcome: z
    .enum(CALL_OUTCOMES)
    .optional()
    .describe("A call's outcome; a call that did not connect is an attempt and does not reset the cadence"),
  durationMinutes: Duration.optional().describe('How long a call or meeting took'),
  keepOpen: z
    .array(Id)
    .max(50)
    .optional()
    .describe('Next steps an outbound touch would complete (due by its day) that should stay open'),
  private: z.boolean().optional().describe('A private note: only you will see it (notes only)'),
  signals: z
    .object({
      autoSubmitted: z
        .string()
        .max(200)
        .nullable()
        .optional()
        .describe('The Auto-Submitted header (RFC 3834)'),
      precedence: z.string().max(200).nullable().optional().describe('The Precedence header'),
      listId: z.string().max(500).nullable().optional().describe('The List-Id header (RFC 2919)'),
      internal: z.boolean().optional().describe('Everyone on it is a teammate'),
    })
    .optional()
    .describe(
      'What a message says about itself. An auto-reply, bulk mail or mail between teammates is kept ' +
        "on the timeline but does not reset the contacts' cadence (touchClass in the answer)",
    ),
});
export type InteractionInput = z.infer<typeof InteractionInput>;

export const InteractionPatchInput = z.object({
  outcome: z.enum(CALL_OUTCOMES).nullable().optional(),
  durationMinutes: Duration.nullable().optional(),
  summary: Summary.optional(),
  body: Body.nullable().optional(),
  occurredAt: IsoDateTime.optional(),
  kind: z.enum(INTERACTION_KINDS).optional(),
});
export type InteractionPatchInput = z.infer<typeof InteractionPatchInput>;

export const InteractionOutput = z.object({
  id: Id,
  kind: z.enum(INTERACTION_KINDS),
  direction: z.enum(DIRECTIONS),
  occurredAt: z.iso.datetime(),
  summary: z.string(),
  body: z.string().nullable(),
  source: z.enum(SOURCES),
  externalId: z.string().nullable(),
  outcome: z.enum(CALL_OUTCOMES).nullable(),
  durationMinutes: z.number().int().nullable(),
  touchClass: z
    .enum(TOUCH_CLASSES)
    .describe("touch resets the contacts' cadence; attempt, note, auto_reply, bulk and internal do not"),
  private: z.boolean().describe('A private note, seen only by its author'),
  contacts: z.array(z.object({ id: Id, name: z.string() })),
  createdBy: Id.nullable(),
  createdAt: z.iso.datetime(),
});
export type InteractionOutput = z.infer<typeof InteractionOutput>;

export const NextStepOutput = z.object({
  id: Id,
  contactId: Id,
  action: z.string(),
  dueAt: z.iso.date(),
  done: z.boolean(),
  doneAt: z.iso.datetime().nullable(),
  interactionId: Id.nullable(),
  createdAt: z.iso.datetime(),
});
export type NextStepOutput = z.infer<typeof NextStepOutput>;

/** A contact's due state as stored after the write, so a client can update its lists at once. */
export const ContactDueOutput = z.object({
  id: Id,
  lastTouchAt: z.iso.datetime().nullable(),
  nextDueAt: z.iso.date().nullable(),
  dueReason: z.enum(DUE_REASONS).nullable(),
  overdueDays: z.number().int().nullable().describe('Days past nextDueAt (0 when not yet due)'),
});
export type ContactDueOutput = z.infer<typeof ContactDueOutput>;

export const LoggedInteractionOutput = z.object({
  interaction: InteractionOutput,
  nextSteps: z.array(NextStepOutput),
  nextStepMissing: z.boolean().describe('A call or meeting was logged without a next step'),
  duplicate: z.boolean().describe('The source and externalId were logged before; nothing was written'),
  contacts: z.array(ContactDueOutput),
});
export type LoggedInteractionOutput = z.infer<typeof LoggedInteractionOutput>;

export const PageQuery = z.object({ limit: Limit, cursor: z.string().min(1).optional() });

export const NextStepQuery = PageQuery.extend({
  contactId: Id.optional(),
  status: z.enum(['open', 'done', 'all']).default('open'),
});
export type NextStepQuery = z.infer<typeof NextStepQuery>;

export { NextStepInput, NextStepPatchInput } from '../../shared/next-step-input.ts';
