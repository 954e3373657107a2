import { z } from 'zod';
import { dateProblem } from '../../shared/date-bounds.ts';
import { FIRST_DAY } from '../../shared/vocabulary.ts';
import type { Phone } from '../contacts/schema.ts';
import { MAX_TAGS } from '../contacts/validators.ts';

/** One person as a file describes them, whatever the format, before it is matched and written. */
export type RawRecord = {
  /** 1 for the first record under the header (or the first card). */
  row: number;
  fullName?: string;
  firstName?: string;
  lastName?: string;
  emails: string[];
  phones: { label: string | null; number: string }[];
  company?: string;
  title?: string;
  linkedinUrl?: string;
  birthday?: string;
  notes: string[];
  tags: string[];
};

/** A problem with one field of one row; the row is still taken without that field unless it has nothing left. */
export type RowError = { row: number; field: string; message: string };

/** A record checked and cleaned: what matching and writing work on. */
export type ImportRecord = {
  row: number;
  firstName: string;
  lastName: string;
  /** Lower-cased, distinct, valid addresses. */
  emails: string[];
  phones: Phone[];
  company: string | null;
  title: string | null;
  /** A web address of a LinkedIn profile, as given. */
  linkedinUrl: string | null;
  birthday: string | null;
  notes: string[];
  tags: string[];
};

const EmailCheck = z.email().max(254);
const LinkedInCheck = z.url({ protocol: /^https?$/ });

/** A new raw record with empty lists. */
export function emptyRecord(row: number): RawRecord {
  return { row, emails: [], phones: [], notes: [], tags: [] };
}

const clip = (text: string | undefined, max: number) => {
  const trimmed = text?.replace(/\s+/g, ' ').trim();
  return trimmed ? trimmed.slice(0, max) : undefined;
};

/** Digits and a leading +: how two spellings of one phone number are recognised as the same. */
export function phoneKey(number: string): string {
  return number.replace(/[^\d+]/g, '');
}

/**
 * A birthday as the formats write it (1980-04-02, 19800402, 4/2/1980 from Outlook) as YYYY-MM-DD, or a
 * reason it cannot be taken. A birthday without a year (--04-02) cannot be stored as a date.
 */
export function parseBirthday(text: string): { day: string } | { problem: string } {
  const t = text.trim();
  const iso = /^(\d{4})-?(\d{2})-?(\d{2})(?:T.*)?$/.exec(t);
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  const parts = iso
    ? [iso[1], iso[2], iso[3]]
    : us
      ? [us[3], us[1]?.padStart(2, '0'), us[2]?.padStart(2, '0')]
      : null;
  if (!parts) {
    return /^--/.test(t) ? { problem: 'has no year' } : { problem: `is not a date: "${t.slice(0, 40)}"` };
  }
  const day = parts.join('-');
  if (!z.iso.date().safeParse(day).success || day < FIRST_DAY) return { problem: `is not a date: "${t}"` };
  const problem = dateProblem('birthday', day);
  return problem ? { problem } : { day };
}

/** Splits a full name into first and last: the last word is the last name. */
function splitName(full: string): { firstName: string; lastName: string } {
  const words = full.split(' ');
  if (words.length === 1) return { firstName: full, lastName: '' };
  return { firstName: words.slice(0, -1).join(' '), lastName: words.at(-1) ?? '' };
}

/**
 * Checks and cleans a raw record. Bad fields are dropped with an error each; a record with no name and no
 * email is refused (null) with an error, since there is nothing to make a contact of.
 */
export function cleanRecord(raw: RawRecord): { record: ImportRecord | null; errors: RowError[] } {
  const errors: RowError[] = [];
  const fail = (field: string, message: string) => errors.push({ row: raw.row, field, message });

  const emails: string[] = [];
  for (const given of raw.emails) {
    const email = given
      .trim()
      .replace(/^mailto:/i, '')
      .toLowerCase();
    if (!email) continue;
    if (!EmailCheck.safeParse(email).success)
      fail('email', `is not an email address: "${email.slice(0, 80)}"`);
    else if (!emails.includes(email)) emails.push(email);
  }
  const phones: Phone[] = [];
  for (const phone of raw.phones) {
    const number = clip(phone.number, 50);
    if (!number) continue;
    if (!/\d/.test(number)) fail('phone', `is not a phone number: "${number}"`);
    else if (!phones.some((p) => phoneKey(p.number) === phoneKey(number))) {
      phones.push({ label: clip(phone.label ?? undefined, 50)?.toLowerCase() ?? null, number });
    }
  }
  let linkedinUrl: string | null = null;
  const profile = clip(raw.linkedinUrl, 500);
  if (profile) {
    if (LinkedInCheck.safeParse(profile).success) linkedinUrl = profile;
    else fail('linkedinUrl', `is not a web address: "${profile.slice(0, 80)}"`);
  }
  let birthday: string | null = null;
  if (raw.birthday?.trim()) {
    const parsed = parseBirthday(raw.birthday);
    if ('day' in parsed) birthday = parsed.day;
    else fail('birthday', parsed.problem);
  }
  const tags = [...new Set(raw.tags.map((t) => t.trim().toLowerCase().slice(0, 50)).filter(Boolean))];
  if (tags.length > MAX_TAGS) fail('tags', `has more than ${MAX_TAGS} tags; the first ${MAX_TAGS} were kept`);

  let firstName = clip(raw.firstName, 200) ?? '';
  let lastName = clip(raw.lastName, 200) ?? '';
  const full = clip(raw.fullName, 400);
  if (!firstName && !lastName && full) ({ firstName, lastName } = splitName(full));
  if (!firstName && lastName) [firstName, lastName] = [lastName, ''];
  if (!firstName && emails[0]) firstName = emails[0].split('@')[0] ?? emails[0];
  if (!firstName) {
    fail('name', 'has no name and no email address, so there is no one to import');
    return { record: null, errors };
  }
  return {
    record: {
      row: raw.row,
      firstName: firstName.slice(0, 200),
      lastName: lastName.slice(0, 200),
      emails: emails.slice(0, 20),
      phones: phones.slice(0, 20),
      company: clip(raw.company, 200) ?? null,
      title: clip(raw.title, 200) ?? null,
      linkedinUrl,
      birthday,
      notes: raw.notes.map((n) => n.trim().slice(0, 2000)).filter(Boolean),
      tags: tags.slice(0, MAX_TAGS),
    },
    errors,
  };
}
