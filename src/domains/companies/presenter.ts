import type { CompanyWithCount } from './service.ts';
import type { CompanyOutput } from './validators.ts';

/** Picks the API fields of a company. */
export function presentCompany({ company, contactCount }: CompanyWithCount): CompanyOutput {
  return {
    id: company.id,
    name: company.name,
    domain: company.domain,
    industry: company.industry,
    fitRating: company.fitRating,
    contactCount,
    createdAt: company.createdAt.toISOString(),
    updatedAt: company.updatedAt.toISOString(),
  };
}
