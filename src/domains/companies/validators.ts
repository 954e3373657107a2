import { z } from 'zod';
import { Limit } from '../../shared/validators.ts';

/** A web domain as people paste it ("https://Acme.com/about"), kept as its lower-case host ("acme.com"). */
export const CompanyDomain = z
  .string()
  .trim()
  .max(253)
  .transform((raw) =>
    raw
      .toLowerCase()
      .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
      .split(/[/?#]/)[0]!
      .replace(/:\d+$/, '')
      .replace(/\.$/, ''),
  )
  .pipe(
    z.string().regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/, {
      error: 'must be a domain such as acme.com',
    }),
  );

const companyFields = {
  name: z.string().trim().min(1).max(200),
  domain: CompanyDomain.nullable(),
  industry: z.string().trim().max(100).nullable(),
  fitRating: z.number().int().min(1).max(5).nullable().describe('1 (poor fit) to 5 (ideal customer)'),
};

export const CompanyCreateInput = z.object({
  name: companyFields.name,
  domain: companyFields.domain.optional(),
  industry: companyFields.industry.optional(),
  fitRating: companyFields.fitRating.optional(),
});
export type CompanyCreateInput = z.infer<typeof CompanyCreateInput>;

export const CompanyUpdateInput = CompanyCreateInput.partial();
export type CompanyUpdateInput = z.infer<typeof CompanyUpdateInput>;

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
