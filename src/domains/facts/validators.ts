import { z } from 'zod';
import { Id, Limit } from '../../shared/validators.ts';

export { FactInput, FactPatchInput } from '../../shared/fact-input.ts';

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
