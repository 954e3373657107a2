import { z } from 'zod';
import { Id, Limit } from '../../shared/validators.ts';

export const SuggestionQuery = z.object({
  limit: Limit,
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

export const SuggestionOutput = z.object({
  id: Id,
  email: z.string(),
  name: z.string().nullable(),
  messageCount: z.number().int(),
  inboundCount: z.number().int().describe('Messages from them (or with them, to you)'),
  outboundCount: z.number().int().describe('Messages you sent them'),
  twoWay: z.boolean().describe('You both wrote: listed before one-way correspondents'),
  lastSeenAt: z.string(),
});
export type SuggestionOutput = z.infer<typeof SuggestionOutput>;

export const SuggestionListOutput = z.object({
  items: z.array(SuggestionOutput),
  total: z.number().int().describe('Open suggestions in all'),
});

/** Accepting may name the contact otherwise than its mail did, and give it a tier. */
export const AcceptInput = z
  .object({
    firstName: z.string().trim().min(1).max(200).optional(),
    lastName: z.string().trim().max(200).optional(),
    tierId: Id.nullable().optional(),
  })
  .default({});

export const IgnoreInput = z
  .object({
    scope: z
      .enum(['address', 'domain'])
      .default('address')
      .describe(
        "domain: every suggestion at the address's domain, and never suggest or log that domain again",
      ),
  })
  .default({ scope: 'address' });

export const IgnoredOutput = z.object({ ignored: z.array(SuggestionOutput) });
export const RestoredOutput = z.object({ restored: z.array(SuggestionOutput) });
