import ICAL from 'ical.js';
import type { ExportedContact } from './export-contacts.ts';

export const VCARD_VERSIONS = ['4.0', '3.0'] as const;
export type VcardVersion = (typeof VCARD_VERSIONS)[number];

type JCardProperty = [string, Record<string, string>, string, ...unknown[]];

/**
 * One contact as a vCard (RFC 6350 for 4.0, RFC 2426 for 3.0), written by ical.js from jCard, so escaping
 * (commas, semicolons, backslashes, new lines) and line folding follow the standard. Facts become NOTE
 * lines, tags CATEGORIES, the LinkedIn profile SOCIALPROFILE (4.0, RFC 9554) or X-SOCIALPROFILE (3.0, as
 * Apple writes it).
 */
export function contactToVcard(contact: ExportedContact, version: VcardVersion): string {
  const props: JCardProperty[] = [['version', {}, 'text', version]];
  const name = `${contact.first_name} ${contact.last_name}`.trim();
  props.push(['fn', {}, 'text', name]);
  props.push(['n', {}, 'text', [contact.last_name, contact.first_name, '', '', '']]);
  props.push(['uid', {}, version === '4.0' ? 'uri' : 'text', `urn:uuid:${contact.id}`]);
  if (contact.company_name) props.push(['org', {}, 'text', [contact.company_name]]); // structured: name;unit
  if (contact.title) props.push(['title', {}, 'text', contact.title]);
  contact.emails.forEach((email, i) => {
    const params: Record<string, string> =
      i === 0 ? (version === '4.0' ? { pref: '1' } : { type: 'pref' }) : {};
    props.push(['email', params, 'text', email]);
  });
  for (const phone of contact.phones) {
    props.push([
      'tel',
      phone.label ? { type: phone.label } : {},
      version === '4.0' ? 'text' : 'phone-number',
      phone.number,
    ]);
  }
  if (contact.birthday) props.push(['bday', {}, 'date', contact.birthday]);
  if (contact.tags.length > 0) props.push(['categories', {}, 'text', ...contact.tags]);
  if (contact.linkedin_url) {
    props.push(
      version === '4.0'
        ? ['socialprofile', { 'service-type': 'LinkedIn' }, 'uri', contact.linkedin_url]
        : ['x-socialprofile', { type: 'linkedin' }, 'unknown', contact.linkedin_url],
    );
  }
  for (const fact of contact.facts) props.push(['note', {}, 'text', fact]);
  const design = ICAL.design.getDesignSet(version === '4.0' ? 'vcard' : 'vcard3');
  return `${ICAL.stringify.component(['vcard', props, []], design)}\r\n`;
}
