import { randomUUID } from 'node:crypto';
import type { Phone } from '../contacts/schema.ts';
import { MAX_TAGS } from '../contacts/validators.ts';
import { nameKey, workDomain } from './match.ts';
import type { ImportRecord, RowError } from './record.ts';
import { phoneKey } from './record.ts';
import type { Decision, ImportOptions } from './schema.ts';

/** A contact as it stands before the batch (an existing one) or as the batch will create it. */
export type ContactState = {
  id: string;
  isNew: boolean;
  row: number;
  firstName: string;
  lastName: string;
  title: string | null;
  linkedinUrl: string | null;
  companyId: string | null;
  birthday: string | null;
  tags: string[];
  phones: Phone[];
  /** Lower-cased addresses it has, and (for an existing contact) how many it had. */
  emails: string[];
  emailCountBefore: number;
  factTexts: Set<string>;
  newEmails: string[];
  newNotes: string[];
  /** Fields the batch filled, with what they held: for undo. */
  previous: Record<string, unknown>;
  applied: Record<string, unknown>;
  changedFields: boolean;
};

/** What the database said about the batch's people before it is decided. */
export type Lookups = {
  emailOwner: Map<string, string>;
  byName: Map<string, string>;
  existing: Map<string, ContactState>;
  companyByName: Map<string, string>;
  companyByDomain: Map<string, string>;
};

/** The outcome of deciding a batch: contacts to create or change, companies to create, and counts. */
export type BatchPlan = {
  contacts: Map<string, ContactState>;
  decisions: Decision[];
  newCompanies: { id: string; name: string; domain: string | null; row: number }[];
  errors: RowError[];
  created: number;
  updated: number;
  skipped: number;
};

/** Picks a company: by name, else by the work email's domain, else a new one (with that domain). */
function companyFor(record: ImportRecord, lookups: Lookups, plan: BatchPlan): string | null {
  const domain = record.emails.map(workDomain).find(Boolean) ?? null;
  if (record.company) {
    const key = record.company.toLowerCase();
    const found =
      lookups.companyByName.get(key) ?? (domain ? lookups.companyByDomain.get(domain) : undefined);
    if (found) return found;
    const id = randomUUID();
    plan.newCompanies.push({ id, name: record.company, domain, row: record.row });
    lookups.companyByName.set(key, id);
    if (domain) lookups.companyByDomain.set(domain, id);
    return id;
  }
  return domain ? (lookups.companyByDomain.get(domain) ?? null) : null;
}

/** Fills an empty field of an existing contact, remembering what it held. */
function fill<K extends 'title' | 'linkedinUrl' | 'companyId' | 'birthday' | 'lastName'>(
  state: ContactState,
  key: K,
  value: ContactState[K],
): boolean {
  if (!value || state[key]) return false;
  if (!state.isNew) {
    if (!(key in state.previous)) state.previous[key] = state[key];
    state.applied[key] = value;
    state.changedFields = true;
  }
  state[key] = value;
  return true;
}

/** Adds what a record knows to a contact without overwriting anything; true when it added something. */
function mergeInto(
  state: ContactState,
  record: ImportRecord,
  companyId: string | null,
  errors: RowError[],
  lookups: Lookups,
): boolean {
  let changed = false;
  changed = fill(state, 'lastName', record.lastName) || changed;
  changed = fill(state, 'title', record.title) || changed;
  changed = fill(state, 'linkedinUrl', record.linkedinUrl) || changed;
  changed = fill(state, 'companyId', companyId) || changed;
  changed = fill(state, 'birthday', record.birthday) || changed;
  for (const email of record.emails) {
    const owner = lookups.emailOwner.get(email);
    if (owner && owner !== state.id) {
      errors.push({
        row: record.row,
        field: 'email',
        message: `${email} was not added: it belongs to another contact`,
      });
    } else if (!state.emails.includes(email) && state.emails.length < 20) {
      state.emails.push(email);
      state.newEmails.push(email);
      lookups.emailOwner.set(email, state.id);
      if (!state.isNew) state.applied[`email:${email}`] = 1;
      changed = true;
    }
  }
  for (const phone of record.phones) {
    if (
      state.phones.length < 20 &&
      !state.phones.some((p) => phoneKey(p.number) === phoneKey(phone.number))
    ) {
      state.phones.push(phone);
      if (!state.isNew) {
        state.applied[`phone:${phone.number}`] = 1;
        state.changedFields = true;
      }
      changed = true;
    }
  }
  for (const tag of record.tags) {
    if (!state.tags.includes(tag) && state.tags.length < MAX_TAGS) {
      state.tags.push(tag);
      if (!state.isNew) {
        state.applied[`tag:${tag}`] = 1;
        state.changedFields = true;
      }
      changed = true;
    }
  }
  for (const note of record.notes) {
    if (!state.factTexts.has(note)) {
      state.factTexts.add(note);
      state.newNotes.push(note);
      changed = true;
    }
  }
  return changed;
}

const displayName = (s: ContactState) => [s.firstName, s.lastName].filter(Boolean).join(' ');

/** How much of each kind a contact holds, to say what a record added. */
function counts(s: ContactState) {
  return {
    emails: s.emails.length,
    phones: s.phones.length,
    tags: s.tags.length,
    notes: s.factTexts.size,
    lastName: s.lastName ? 1 : 0,
    title: s.title ? 1 : 0,
    company: s.companyId ? 1 : 0,
    birthday: s.birthday ? 1 : 0,
    linkedIn: s.linkedinUrl ? 1 : 0,
  };
}

const NOUNS: Record<keyof ReturnType<typeof counts>, [string, string]> = {
  emails: ['an email', 'emails'],
  phones: ['a phone', 'phones'],
  tags: ['a tag', 'tags'],
  notes: ['a fact', 'facts'],
  lastName: ['the last name', ''],
  title: ['the title', ''],
  company: ['the company', ''],
  birthday: ['the birthday', ''],
  linkedIn: ['the LinkedIn profile', ''],
};

/** "2 emails, a tag and the title": what grew between two counts. */
function additions(before: ReturnType<typeof counts>, after: ReturnType<typeof counts>): string {
  const parts = (Object.keys(NOUNS) as (keyof typeof NOUNS)[]).flatMap((k) => {
    const n = after[k] - before[k];
    if (n <= 0) return [];
    return [n === 1 ? NOUNS[k][0] : `${n} ${NOUNS[k][1]}`];
  });
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : (parts[0] ?? 'nothing');
}

const decision = (
  record: ImportRecord,
  state: ContactState,
  action: Decision['action'],
  reason: string,
): Decision => ({
  row: record.row,
  action,
  contactId: state.isNew ? null : state.id,
  name: displayName(state),
  reason,
});

/**
 * Decides, record by record in file order, which contact each record is: the contact holding any of its
 * emails, else the one with its name and company, else a new one. Then adds what the record knows without
 * overwriting anything. A later record in the batch sees what earlier ones decided, so the same person
 * twice is one contact. Pure: the lookups say what the database holds.
 */
export function planBatch(options: {
  records: ImportRecord[];
  lookups: Lookups;
  importOptions: ImportOptions;
}): BatchPlan {
  const { lookups, importOptions } = options;
  const plan: BatchPlan = {
    contacts: new Map(),
    decisions: [],
    newCompanies: [],
    errors: [],
    created: 0,
    updated: 0,
    skipped: 0,
  };
  for (const record of options.records) {
    const key = nameKey(record.firstName, record.lastName, record.company);
    const byEmail = record.emails.find((e) => lookups.emailOwner.has(e));
    const targetId = byEmail ? lookups.emailOwner.get(byEmail) : lookups.byName.get(key);
    const companiesBefore = plan.newCompanies.length;
    const companyId = companyFor(record, lookups, plan);
    let state = targetId ? (plan.contacts.get(targetId) ?? lookups.existing.get(targetId)) : undefined;
    const match = !state
      ? null
      : state.isNew
        ? `Same person as row ${state.row}`
        : byEmail
          ? `Matches ${displayName(state)} by email ${byEmail}`
          : `Matches ${displayName(state)} by name${record.company ? ' and company' : ''}`;
    const before = state ? counts(state) : null;
    if (!state) {
      state = {
        id: randomUUID(),
        isNew: true,
        row: record.row,
        firstName: record.firstName,
        lastName: '',
        title: null,
        linkedinUrl: null,
        companyId: null,
        birthday: null,
        tags: [...importOptions.tags],
        phones: [],
        emails: [],
        emailCountBefore: 0,
        factTexts: new Set(),
        newEmails: [],
        newNotes: [],
        previous: {},
        applied: {},
        changedFields: false,
      };
      mergeInto(state, record, companyId, plan.errors, lookups);
      plan.created++;
      const company =
        plan.newCompanies.length > companiesBefore ? `, at a new company ${record.company}` : '';
      plan.decisions.push(decision(record, state, 'created', `New contact${company}`));
    } else if (mergeInto(state, record, companyId, plan.errors, lookups)) {
      plan.updated++;
      const added = additions(before!, counts(state));
      plan.decisions.push(decision(record, state, 'updated', `${match}; adds ${added}`));
    } else {
      plan.skipped++;
      plan.decisions.push(decision(record, state, 'skipped', `${match}; nothing new`));
    }
    plan.contacts.set(state.id, state);
    if (!lookups.byName.has(key)) lookups.byName.set(key, state.id);
  }
  return plan;
}
