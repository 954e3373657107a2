import { z } from 'zod';
import { NextStepPlan } from './next-step-input.ts';
import { Body, Id, IsoDateTime } from './validators.ts';
import { CALL_OUTCOMES, DIRECTIONS, INTERACTION_KINDS, SOURCES } from './vocabulary.ts';

/**
 * What logging an interaction takes: the API validates with it and the web app's log dialog checks what is
 * typed with the same schema before sending it.
 */
export { NextStepPlan };

const Summary = z.string().trim().min(1).max(500);
const Duration = z.number().int().min(0).max(1440, { error: 'must be at most 1440 minutes (a day)' });

export const InteractionInput = z.object({
  contactIds: z
    .array(Id)
    .min(1, { error: 'must include at least one person' })
    .max(50)
    .describe('Everyone who took part (1 to 50 contacts)'),
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
  messageId: z
    .string()
    .trim()
    .min(3)
    .max(998)
    .optional()
    .describe(
      "An email's Message-ID: the same email logged again, by any source (mailbox sync, the dropbox), is a duplicate",
    ),
  inReplyTo: z
    .string()
    .trim()
    .min(3)
    .max(998)
    .optional()
    .describe(
      'The Message-ID this email answers: it is a reply (isReply), linked to that email when Kith has it',
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
