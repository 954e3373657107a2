import { Readable } from 'node:stream';
import type { Db } from '../../../db/client.ts';
import { contactsToCsv, csvHeader } from './csv.ts';
import { type ExportFilters, exportContacts } from './export-contacts.ts';
import { contactToVcard, type VcardVersion } from './vcard.ts';

export const EXPORT_FORMATS = ['vcard', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** What an export file is, by format: its media type and file name. */
export const EXPORT_FILES: Record<ExportFormat, { type: string; name: string }> = {
  vcard: { type: 'text/vcard; charset=utf-8', name: 'kith-contacts.vcf' },
  csv: { type: 'text/csv; charset=utf-8', name: 'kith-contacts.csv' },
};

/** The export's text, a page of contacts at a time: CSV (header first) or one vCard after another. */
export async function* exportText(options: {
  db: Db;
  workspaceId: string;
  actorId: string | null;
  filters: ExportFilters;
  format: ExportFormat;
  version: VcardVersion;
}): AsyncGenerator<string> {
  if (options.format === 'csv') yield csvHeader();
  for await (const page of exportContacts(options)) {
    yield options.format === 'csv'
      ? contactsToCsv(page)
      : page.map((contact) => contactToVcard(contact, options.version)).join('');
  }
}

/** The export as a stream that reads the next page only when the client has taken the last one. */
export function exportStream(options: Parameters<typeof exportText>[0]): Readable {
  return Readable.from(exportText(options), { objectMode: false });
}
