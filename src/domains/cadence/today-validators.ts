import { z } from 'zod';
import { presented } from '../../shared/presented.ts';
import { DateOutput, IsoDate, Limit } from '../../shared/validators.ts';
import { DUE_REASONS } from '../contacts/schema.ts';
import { TalkingPointOutput } from '../facts/talking-points.ts';
import { INTERACTION_KINDS } from '../interactions/schema.ts';
import { CHANNELS } from './schema.ts';

export const OwnerFilter = z
  .union([z.literal('me'), z.literal('all'), z.uuid()], { error: "must be 'me', 'all' or a user id" })
  .default('me');

export const TodayQuery = z.object({
  asOf: IsoDate.optional().describe('The day to plan for (YYYY-MM-DD, UTC); default today'),
  owner: OwnerFilter,
  limit: Limit,
  cursor: z.string().max(500).optional(),
});

export const ScorePartsOutput = z.object({
  priorityWeight: z.number().describe('6 − tier priority; a contact without a tier counts as priority 5'),
  overdueDays: z.number().int(),
  referenceDays: z.number().int().describe("The contact's interval, else 14 for a next-step-only contact"),
  overdueRatio: z.number().describe('overdueDays / referenceDays'),
  readiness: z.number().int().describe('Breaks ties between equal scores'),
  formula: z.string(),
});

export const TodayItemOutput = z.object({
  contact: z.object({
    id: z.uuid(),
    name: z.string(),
    company: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  }),
  tier: z.object({ id: z.uuid(), name: z.string(), priority: z.number().int() }).nullable(),
  owner: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  reach: z
    .object({
      channel: z.enum(CHANNELS).describe("The tier's preferred channel; any when the contact has no tier"),
      phone: z.string().nullable().describe('The first phone number'),
      email: z.string().nullable().describe('The first email address'),
    })
    .describe('How to reach the person, in the way their tier prefers'),
  intervalDays: z
    .number()
    .int()
    .nullable()
    .describe("The contact's cadence in days: its own interval, else its tier's; null when it has none"),
  dueAt: DateOutput,
  overdueDays: z.number().int(),
  reason: z.enum(DUE_REASONS),
  lastTouch: z
    .object({ kind: z.enum(INTERACTION_KINDS), at: z.iso.datetime(), summary: z.string() })
    .nullable(),
  nextStep: z.object({ id: z.uuid(), action: z.string(), dueAt: DateOutput }).nullable(),
  score: z.number(),
  scoreParts: ScorePartsOutput,
  rankReason: z.string().describe('Why the contact ranks where it does, in words'),
  talkingPoints: z.array(TalkingPointOutput),
  attempts: z
    .number()
    .int()
    .nullable()
    .describe(
      'For an open lead (lead, qualified, opportunity), the outbound attempts since it last answered, of the ' +
        'five persistence aims for; null for other stages',
    ),
});
export type TodayItem = z.infer<typeof TodayItemOutput>;

export const TodayOutput = presented(
  z.object({
    asOf: DateOutput,
    items: z.array(TodayItemOutput),
    counts: z.object({
      due: z.number().int().describe('Contacts on the list for asOf'),
      overdue: z.number().int().describe('Of those, due before asOf'),
      orphans: z.number().int().describe('Contacts with no cadence and no next step ("No plan")'),
    }),
    nextCursor: z.string().nullable(),
  }),
);
export type TodayOutput = z.infer<typeof TodayOutput>;
