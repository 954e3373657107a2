import { z } from 'zod';
import { Id } from '../../shared/validators.ts';
import { SUBSCRIPTION_STATUSES } from './schema.ts';

/** What an upload or a refresh did: occurrences read, and where each went. */
export const CalendarCountsOutput = z.object({
  events: z.number().int(),
  logged: z.number().int(),
  nextSteps: z.number().int(),
  duplicates: z.number().int(),
  skipped: z.number().int(),
});
export type CalendarCountsOutput = z.infer<typeof CalendarCountsOutput>;

/** A feed to follow: an http(s) address (webcal:// is read as https://). */
export const SubscriptionInput = z.object({
  url: z.string().trim().min(1, { error: 'is required' }).max(2000),
});
export type SubscriptionInput = z.infer<typeof SubscriptionInput>;

export const SubscriptionOutput = CalendarCountsOutput.extend({
  id: Id,
  url: z.string(),
  status: z.enum(SUBSCRIPTION_STATUSES),
  lastError: z.string().nullable(),
  lastRefreshedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type SubscriptionOutput = z.infer<typeof SubscriptionOutput>;

/** A subscription with the job that refreshes it now: follow it with GET /api/jobs/{jobId}. */
export const SubscriptionRefreshOutput = z.object({ subscription: SubscriptionOutput, jobId: Id });

export const SubscriptionListOutput = z.object({ items: z.array(SubscriptionOutput) });
