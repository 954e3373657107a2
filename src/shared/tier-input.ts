import { z } from 'zod';
import { ShortText } from './validators.ts';
import { CHANNELS } from './vocabulary.ts';

/**
 * A tier's input fields: the API validates with them and the web app's tier form checks what is typed with the
 * same schema before sending it.
 */
export const MAX_INTERVAL_DAYS = 3650;
const INTERVAL_ERROR = `must be between 1 and ${MAX_INTERVAL_DAYS} days`;
const PRIORITY_ERROR = 'must be from 1 to 5';

export const IntervalDays = z
  .number()
  .int({ error: 'must be a whole number of days' })
  .min(1, { error: INTERVAL_ERROR })
  .max(MAX_INTERVAL_DAYS, { error: INTERVAL_ERROR })
  .nullable();

export const TierInput = z.object({
  name: ShortText.max(60),
  priority: z.number().int().min(1, { error: PRIORITY_ERROR }).max(5, { error: PRIORITY_ERROR }),
  intervalDays: IntervalDays.describe('Days between touches; null = no personal cadence'),
  channel: z.enum(CHANNELS).default('any'),
  requireNextStep: z.boolean().default(false),
});
export type TierInput = z.infer<typeof TierInput>;

export const TierPatch = TierInput.partial();
export type TierPatch = z.infer<typeof TierPatch>;
