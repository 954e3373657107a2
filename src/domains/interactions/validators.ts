import { z } from 'zod';
import { Id, Limit } from '../../shared/validators.ts';
import { DUE_REASONS } from '../contacts/schema.ts';
import { CALL_OUTCOMES, DIRECTIONS, INTERACTION_KINDS, SOURCES, TOUCH_CLASSES } from './schema.ts';

export {
  InteractionInput,
  InteractionPatchInput,
  NextStepPlan,
} from '../../shared/interaction-input.ts';

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
  isReply: z.boolean().describe('An email that answers another (it has In-Reply-To or References)'),
  inReplyToId: Id.nullable().describe('The interaction this reply answers, when Kith has it'),
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
