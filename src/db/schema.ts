// Every table of the app, gathered for Drizzle and drizzle-kit. Each lives in its domain's schema.ts.
export * from '../domains/audit/schema.ts';
export * from '../domains/cadence/schema.ts';
export * from '../domains/calendar/schema.ts';
export * from '../domains/companies/schema.ts';
export * from '../domains/contacts/schema.ts';
export * from '../domains/dropbox/schema.ts';
export * from '../domains/duplicates/schema.ts';
export * from '../domains/facts/schema.ts';
export * from '../domains/imports/schema.ts';
export * from '../domains/interactions/schema.ts';
export * from '../domains/jobs/schema.ts';
export * from '../domains/mailboxes/schema.ts';
export * from '../domains/outbox/schema.ts';
export * from '../domains/suggestions/schema.ts';
export * from '../domains/team/schema.ts';
export * from '../domains/templates/schema.ts';
export * from '../domains/workspaces/schema.ts';
