import type { ImportField, ImportFormat } from '../schema.ts';

/** Where one column of a CSV goes: a field, and for phones the column holding its label. */
export type ColumnPlan = {
  index: number;
  field: Exclude<ImportField, 'ignore'>;
  labelIndex?: number;
  /** A fixed label, such as Outlook's "Mobile Phone" column's "mobile". */
  label?: string;
  /** How several values share one cell: Google's ` ::: `, Outlook's `;` in Categories. */
  separator?: string | RegExp;
  /** The label column holds one label per value, joined by the same separator (Kith's own export). */
  labelPerValue?: boolean;
};

const norm = (h: string) => h.trim().toLowerCase();

/** Header names a generic CSV is mapped by when no mapping is given. */
const GENERIC: Record<string, ImportField> = {
  name: 'name',
  'full name': 'name',
  'display name': 'name',
  'first name': 'firstName',
  'given name': 'firstName',
  firstname: 'firstName',
  'last name': 'lastName',
  'family name': 'lastName',
  surname: 'lastName',
  lastname: 'lastName',
  email: 'email',
  'e-mail': 'email',
  'email address': 'email',
  'e-mail address': 'email',
  phone: 'phone',
  mobile: 'phone',
  'phone number': 'phone',
  company: 'company',
  organization: 'company',
  organisation: 'company',
  title: 'title',
  'job title': 'title',
  position: 'title',
  linkedin: 'linkedinUrl',
  'linkedin url': 'linkedinUrl',
  'linkedin profile': 'linkedinUrl',
  birthday: 'birthday',
  notes: 'note',
  note: 'note',
  tags: 'tags',
  labels: 'tags',
  categories: 'tags',
};

/** Whether a header cell names a field a generic CSV can be mapped by. */
export function isKnownHeader(cell: string): boolean {
  return norm(cell) in GENERIC;
}

/** The format a CSV header says it is: Google, Outlook or LinkedIn by their own columns, else generic. */
export function detectCsvFormat(header: string[]): ImportFormat {
  const h = new Set(header.map(norm));
  if (h.has('e-mail 1 - value') || h.has('group membership') || (h.has('labels') && h.has('file as'))) {
    return 'google';
  }
  if (h.has('e-mail address') && h.has('job title')) return 'outlook';
  if (h.has('connected on') || (h.has('url') && h.has('position') && h.has('first name'))) return 'linkedin';
  return 'csv';
}

/** Whether a record is LinkedIn's header (its export has a few note lines above it). */
export function isLinkedInHeader(record: string[]): boolean {
  const h = record.map(norm);
  return h.includes('first name') && h.includes('last name');
}

function googlePlan(header: string[]): ColumnPlan[] {
  const plan: ColumnPlan[] = [];
  const at = (name: string) => header.findIndex((h) => norm(h) === name);
  header.forEach((raw, index) => {
    const h = norm(raw);
    const multi = / - value$/.exec(h);
    if (multi) {
      const base = h.slice(0, -' - value'.length);
      const labelIndex = Math.max(at(`${base} - label`), at(`${base} - type`));
      if (/^e-mail \d+$/.test(base)) plan.push({ index, field: 'email', separator: ' ::: ' });
      if (/^phone \d+$/.test(base)) {
        plan.push({
          index,
          field: 'phone',
          separator: ' ::: ',
          labelIndex: labelIndex >= 0 ? labelIndex : undefined,
        });
      }
      return;
    }
    const field: Record<string, ColumnPlan['field']> = {
      name: 'name',
      'first name': 'firstName',
      'given name': 'firstName',
      'last name': 'lastName',
      'family name': 'lastName',
      'organization name': 'company',
      'organization 1 - name': 'company',
      'organization title': 'title',
      'organization 1 - title': 'title',
      birthday: 'birthday',
      notes: 'note',
      labels: 'tags',
      'group membership': 'tags',
    };
    const f = field[h];
    if (f) plan.push({ index, field: f, separator: f === 'tags' ? ' ::: ' : undefined });
  });
  return plan;
}

function outlookPlan(header: string[]): ColumnPlan[] {
  const plan: ColumnPlan[] = [];
  header.forEach((raw, index) => {
    const h = norm(raw);
    if (/^e-mail( \d)? address$/.test(h)) plan.push({ index, field: 'email' });
    else if (/(phone|mobile)( \d)?$/.test(h) && !h.includes('fax')) {
      plan.push({ index, field: 'phone', label: h.replace(/ phone( \d)?$/, '').replace(/ \d$/, '') });
    } else {
      const f = (
        {
          'first name': 'firstName',
          'last name': 'lastName',
          company: 'company',
          'job title': 'title',
          birthday: 'birthday',
          notes: 'note',
          categories: 'tags',
        } as const
      )[h];
      if (f) plan.push({ index, field: f, separator: f === 'tags' ? /[;,]/ : undefined });
    }
  });
  return plan;
}

function linkedInPlan(header: string[]): ColumnPlan[] {
  const fields: Record<string, ColumnPlan['field']> = {
    'first name': 'firstName',
    'last name': 'lastName',
    'email address': 'email',
    company: 'company',
    position: 'title',
    url: 'linkedinUrl',
  };
  return header.flatMap((raw, index) => {
    const f = fields[norm(raw)];
    return f ? [{ index, field: f }] : [];
  });
}

/** Kith's own CSV export (contacts/export/csv.ts): multi-valued cells joined by ` ::: `, a label per phone. */
function kithPlan(header: string[]): ColumnPlan[] {
  const at = (name: string) => header.findIndex((h) => norm(h) === name);
  const multi = { separator: ' ::: ' } as const;
  const fields: Record<string, Omit<ColumnPlan, 'index'>> = {
    'first name': { field: 'firstName' },
    'last name': { field: 'lastName' },
    emails: { field: 'email', ...multi },
    phones: { field: 'phone', ...multi, labelIndex: at('phone labels'), labelPerValue: true },
    company: { field: 'company' },
    title: { field: 'title' },
    'linkedin url': { field: 'linkedinUrl' },
    tags: { field: 'tags', ...multi },
    birthday: { field: 'birthday' },
    facts: { field: 'note', ...multi },
  };
  return header.flatMap((raw, index) => {
    const column = fields[norm(raw)];
    return column ? [{ index, ...column }] : [];
  });
}

/** A generic CSV: the mapping given (header → field), else columns recognised by their header. */
function genericPlan(header: string[], mapping: Record<string, ImportField> | null): ColumnPlan[] {
  const names = header.map(norm);
  if (!mapping && names.includes('kith id') && names.includes('emails')) return kithPlan(header);
  const byHeader = new Map(Object.entries(mapping ?? {}).map(([h, f]) => [norm(h), f]));
  return header.flatMap((raw, index) => {
    const f = mapping ? byHeader.get(norm(raw)) : GENERIC[norm(raw)];
    if (!f || f === 'ignore') return [];
    return [{ index, field: f, separator: f === 'tags' ? /[;,]/ : undefined }];
  });
}

/** Which field each column of a CSV of this format fills. */
export function planColumns(
  format: ImportFormat,
  header: string[],
  mapping: Record<string, ImportField> | null,
): ColumnPlan[] {
  if (format === 'google') return googlePlan(header);
  if (format === 'outlook') return outlookPlan(header);
  if (format === 'linkedin') return linkedInPlan(header);
  return genericPlan(header, mapping);
}
