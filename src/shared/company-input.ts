import { z } from 'zod';
// Installs the messages a person would write as Zod's defaults.
import './zod-messages.ts';

/**
 * A company's input fields: the API validates with them and the web app's company form checks its draft
 * with the same schema before sending it, so both say the same thing in the same words.
 */

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

const FIT_ERROR = 'must be from 1 to 5';

const companyFields = {
  name: z.string().trim().min(1).max(200),
  domain: CompanyDomain.nullable(),
  industry: z.string().trim().max(100).nullable(),
  fitRating: z
    .number()
    .int()
    .min(1, { error: FIT_ERROR })
    .max(5, { error: FIT_ERROR })
    .nullable()
    .describe('1 (poor fit) to 5 (ideal customer)'),
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
