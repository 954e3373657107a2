import { z } from 'zod';
import { BoundedDate, LongText } from './validators.ts';

/**
 * A fact's input fields: the API validates with them and the web app's facts panel checks what is typed with
 * the same schema before sending it.
 */
export const FactInput = z.object({
  text: LongText,
  private: z.boolean().optional().describe('Only you will see it, anywhere (Today included)'),
  remindOn: BoundedDate('reminder')
    .optional()
    .describe('A day to bring it back up; it becomes a talking point within 7 days of it'),
});
export type FactInput = z.infer<typeof FactInput>;

export const FactPatchInput = z.object({
  text: LongText.optional(),
  remindOn: BoundedDate('reminder').nullable().optional().describe('null clears the reminder'),
});
export type FactPatchInput = z.infer<typeof FactPatchInput>;
