import { z } from 'zod';
import { pageOf } from '../../shared/pagination.ts';
import { Id, Limit } from '../../shared/validators.ts';
import { ContactOutput } from '../contacts/validators.ts';

/** Why two contacts look like one person. */
export const DUPLICATE_REASONS = ['email', 'phone', 'linkedin', 'name'] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];

export const DuplicateListQuery = z.object({
  limit: Limit.describe('Pairs per page'),
  cursor: z.string().max(500).optional(),
});
export type DuplicateListQuery = z.infer<typeof DuplicateListQuery>;

export const DuplicatePairOutput = z.object({
  contacts: z.array(ContactOutput).length(2),
  reason: z.enum(DUPLICATE_REASONS).describe('The strongest reason they look alike'),
  reasons: z
    .array(z.object({ reason: z.enum(DUPLICATE_REASONS), detail: z.string() }))
    .describe('Every reason, with what matched'),
  score: z.number().min(0).max(1).describe('How likely they are one person, 0 to 1'),
});
export type DuplicatePairOutput = z.infer<typeof DuplicatePairOutput>;

export const DuplicatePageOutput = pageOf(DuplicatePairOutput);

export const DismissInput = z.object({
  contactIds: z
    .array(Id)
    .min(2, { error: 'must name at least two contacts' })
    .max(20)
    .refine((ids) => new Set(ids).size === ids.length, { error: 'must not name a contact twice' })
    .describe('Contacts that are not one person: no pair of them is suggested again'),
});
export type DismissInput = z.infer<typeof DismissInput>;

export const MergeInput = z.object({
  duplicateId: Id.describe('The contact merged into this one, and then gone'),
});
export type MergeInput = z.infer<typeof MergeInput>;
