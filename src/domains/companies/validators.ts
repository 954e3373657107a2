import { z } from 'zod';
import { Limit } from '../../shared/validators.ts';

export {
  CompanyCreateInput,
  CompanyDomain,
  CompanyUpdateInput,
} from '../../shared/company-input.ts';

export const CompanyListQuery = z.object({
  q: z.string().trim().min(1).max(200).optional().describe('Part of the company name'),
  limit: Limit,
  cursor: z.string().max(500).optional(),
});
export type CompanyListQuery = z.infer<typeof CompanyListQuery>;

export const CompanyOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  domain: z.string().nullable(),
  industry: z.string().nullable(),
  fitRating: z.number().int().nullable(),
  contactCount: z.number().int().describe('Contacts linked to the company, archived ones excluded'),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type CompanyOutput = z.infer<typeof CompanyOutput>;
