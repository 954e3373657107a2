import type { Db } from '../../db/client.ts';
import { ColumnBatch } from './bulk-insert.ts';

/** One batch per table, flushed in foreign-key order. */
export function createBatches() {
  return {
    companies: new ColumnBatch('companies', [
      ['workspace_id', 'uuid'],
      ['id', 'uuid'],
      ['name', 'text'],
      ['domain', 'text'],
      ['industry', 'text'],
      ['fit_rating', 'int'],
      ['created_at', 'timestamptz'],
      ['updated_at', 'timestamptz'],
    ]),
    contacts: new ColumnBatch('contacts', [
      ['workspace_id', 'uuid'],
      ['id', 'uuid'],
      ['first_name', 'text'],
      ['last_name', 'text'],
      ['title', 'text'],
      ['company_id', 'uuid'],
      ['owner_id', 'uuid'],
      ['tier_id', 'uuid'],
      ['interval_days', 'int'],
      ['stage', 'text'],
      ['readiness', 'int'],
      ['tags', 'text[]'],
      ['source', 'text'],
      ['phones', 'jsonb'],
      ['birthday', 'date'],
      ['do_not_contact', 'bool'],
      ['snoozed_until', 'date'],
      ['archived', 'bool'],
      ['search_text', 'text'],
      ['search_words', 'text[]'],
      ['created_at', 'timestamptz'],
      ['updated_at', 'timestamptz'],
    ]),
    contactEmails: new ColumnBatch('contact_emails', [
      ['workspace_id', 'uuid'],
      ['contact_id', 'uuid'],
      ['email', 'text'],
      ['position', 'int'],
    ]),
    interactions: new ColumnBatch('interactions', [
      ['workspace_id', 'uuid'],
      ['id', 'uuid'],
      ['kind', 'text'],
      ['direction', 'text'],
      ['occurred_at', 'timestamptz'],
      ['summary', 'text'],
      ['source', 'text'],
      ['created_by', 'uuid'],
      ['created_at', 'timestamptz'],
    ]),
    interactionContacts: new ColumnBatch('interaction_contacts', [
      ['workspace_id', 'uuid'],
      ['interaction_id', 'uuid'],
      ['contact_id', 'uuid'],
      ['occurred_at', 'timestamptz'],
      ['is_touch', 'bool'],
    ]),
    nextSteps: new ColumnBatch('next_steps', [
      ['workspace_id', 'uuid'],
      ['id', 'uuid'],
      ['contact_id', 'uuid'],
      ['action', 'text'],
      ['due_on', 'date'],
      ['done_at', 'timestamptz'],
      ['interaction_id', 'uuid'],
      ['created_by', 'uuid'],
      ['created_at', 'timestamptz'],
      ['updated_at', 'timestamptz'],
    ]),
    facts: new ColumnBatch('facts', [
      ['workspace_id', 'uuid'],
      ['id', 'uuid'],
      ['contact_id', 'uuid'],
      ['text', 'text'],
      ['remind_on', 'date'],
      ['created_by', 'uuid'],
      ['created_at', 'timestamptz'],
      ['updated_at', 'timestamptz'],
    ]),
  };
}
export type Batches = ReturnType<typeof createBatches>;

/** Writes every batch, parents before children. */
export async function flushBatches(db: Db, batches: Batches): Promise<void> {
  await batches.companies.flush(db);
  await batches.contacts.flush(db);
  await batches.contactEmails.flush(db);
  await batches.interactions.flush(db);
  await batches.interactionContacts.flush(db);
  await batches.nextSteps.flush(db);
  await batches.facts.flush(db);
}
