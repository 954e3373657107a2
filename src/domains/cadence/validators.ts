import { z } from 'zod';
import { DateOutput, IsoDate } from '../../shared/validators.ts';
import { STAGES } from '../contacts/schema.ts';
import { CHANNELS } from './schema.ts';

export { TierInput, TierPatch } from '../../shared/tier-input.ts';

export const TierOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  priority: z.number().int(),
  intervalDays: z.number().int().nullable(),
  channel: z.enum(CHANNELS),
  requireNextStep: z.boolean(),
  contactCount: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type TierOutput = z.infer<typeof TierOutput>;

export const TierDeleteQuery = z.object({
  moveTo: z
    .union([z.literal('none'), z.uuid()])
    .optional()
    .describe("Where the tier's contacts go: another tier's id, or 'none' to leave them without a tier"),
});

export const TierPreviewQuery = z.object({
  intervalDays: z.union([z.literal('none'), z.coerce.number().int().min(1).max(3650)]),
  asOf: IsoDate.optional(),
});
export const TierPreviewOutput = z.object({
  asOf: DateOutput,
  contacts: z.number().int().describe('Contacts in the tier'),
  dueNow: z.number().int().describe('Due on asOf with the current interval'),
  dueAfter: z.number().int().describe('Due on asOf with the proposed interval'),
  change: z.number().int(),
});

export const OrphanOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  company: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  tier: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  stage: z.enum(STAGES),
  lastTouchAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type OrphanOutput = z.infer<typeof OrphanOutput>;
