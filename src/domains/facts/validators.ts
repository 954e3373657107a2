import { z } from 'zod';
import { BoundedDate, Id, Limit, LongText } from '../../shared/validators.ts';

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

export const FactOutput = z.object({
  id: Id,
  contactId: Id,
  text: z.string(),
  remindOn: z.iso.date().nullable(),
  private: z.boolean(),
  createdBy: Id.nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type FactOutput = z.infer<typeof FactOutput>;

export const FactQuery = z.object({ limit: Limit, cursor: z.string().min(1).optional() });
