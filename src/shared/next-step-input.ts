import { z } from 'zod';
import { BoundedDate, Id } from './validators.ts';

/**
 * A next step's input fields: the API validates with them and the web app's next-step forms (the contact's
 * panel, Today's modal, the log dialog) check what is typed with the same schema before sending it.
 */
const Action = z.string().trim().min(1).max(500);

export const NextStepPlan = z.object({
  action: Action,
  dueAt: BoundedDate('nextStep').describe('The day the step is due, YYYY-MM-DD (not more than a year ago)'),
});

export const NextStepInput = z.object({ contactId: Id, action: Action, dueAt: BoundedDate('nextStep') });
export type NextStepInput = z.infer<typeof NextStepInput>;

export const NextStepPatchInput = z.object({
  done: z.boolean().optional().describe('true marks the step done now; false reopens it'),
  action: Action.optional(),
  dueAt: BoundedDate('nextStep').optional(),
});
export type NextStepPatchInput = z.infer<typeof NextStepPatchInput>;
