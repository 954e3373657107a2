import { stringify } from 'csv-stringify/sync';
import type { ExportedContact } from './export-contacts.ts';

/** Joins the values of a multi-valued column, as Google Contacts' CSV does. */
export const MULTI_VALUE_SEPARATOR = ' ::: ';

/**
 * The export's columns, in order; they are the contract an import reads back, so only ever add at the end.
 * Phone labels sit in their own column, one per phone in the same order (empty for a phone with none).
 */
export const CSV_COLUMNS = [
  'First Name',
  'Last Name',
  'Emails',
  'Phones',
  'Phone Labels',
  'Company',
  'Title',
  'Tags',
  'Birthday',
  'LinkedIn URL',
  'Stage',
  'Tier',
  'Owner',
  'Source',
  'Do Not Contact',
  'Facts',
  'Kith ID',
  'Created At',
] as const;

const multi = (values: string[]) => values.join(MULTI_VALUE_SEPARATOR);

/** One contact as the cells of CSV_COLUMNS. */
function cellsOf(c: ExportedContact): string[] {
  return [
    c.first_name,
    c.last_name,
    multi(c.emails),
    multi(c.phones.map((p) => p.number)),
    multi(c.phones.map((p) => p.label ?? '')),
    c.company_name ?? '',
    c.title ?? '',
    multi(c.tags),
    c.birthday ?? '',
    c.linkedin_url ?? '',
    c.stage,
    c.tier_name ?? '',
    c.owner_email ?? '',
    c.source ?? '',
    c.do_not_contact ? 'yes' : '',
    multi(c.facts),
    c.id,
    new Date(c.created_at).toISOString(),
  ];
}

/** The header line. No byte order mark: the file is UTF-8, and parsers need not strip one. */
export function csvHeader(): string {
  return stringify([[...CSV_COLUMNS]], { record_delimiter: 'windows' });
}

/** A page of contacts as CSV lines (RFC 4180: quoted where needed, CRLF line ends). */
export function contactsToCsv(contacts: ExportedContact[]): string {
  return stringify(contacts.map(cellsOf), { record_delimiter: 'windows' });
}
