import { sql } from 'drizzle-orm';
import { index, pgTable, primaryKey, smallint, text } from 'drizzle-orm/pg-core';
import { idColumn, timestamps, workspaceIdColumn } from '../../db/columns.ts';

export const companies = pgTable(
  'companies',
  {
    workspaceId: workspaceIdColumn(),
    id: idColumn(),
    name: text('name').notNull(),
    domain: text('domain'),
    industry: text('industry'),
    /** How well the company fits the ideal customer profile, 1 (poor) to 5 (ideal). */
    fitRating: smallint('fit_rating'),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('companies_name_idx').on(t.workspaceId, sql`lower(${t.name})`, t.id),
    index('companies_domain_idx').on(t.workspaceId, sql`lower(${t.domain})`),
  ],
);
