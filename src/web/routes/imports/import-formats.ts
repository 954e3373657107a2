import type { ImportFormat, ImportReport } from '../../api/imports';

/** The formats a person can choose, with the words the page shows for them; '' lets the file say. */
export const FORMATS: { value: ImportFormat | ''; label: string }[] = [
  { value: '', label: 'Detect from the file' },
  { value: 'google', label: 'Google Contacts CSV' },
  { value: 'outlook', label: 'Outlook CSV' },
  { value: 'linkedin', label: 'LinkedIn Connections CSV' },
  { value: 'vcard', label: 'vCard (.vcf)' },
  { value: 'csv', label: 'Other CSV (you map the columns)' },
];

export const FORMAT_LABEL: Record<string, string> = Object.fromEntries(
  FORMATS.map((f) => [f.value, f.label]),
);

export const STATUS_COLOR: Record<ImportReport['status'], string> = {
  queued: 'gray',
  running: 'blue',
  done: 'green',
  failed: 'red',
  undone: 'orange',
};
