import type { Contact, ContactCreate, Stage } from '../../api/contacts';

/** Each field's name in messages, as its label reads. */
export const LABELS: Record<string, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  emails: 'Emails',
  phones: 'Phones',
  title: 'Title',
  companyId: 'Company',
  tierId: 'Tier',
  stage: 'Stage',
  tags: 'Tags',
  birthday: 'Birthday',
  ownerId: 'Owner',
  intervalDays: 'Own interval',
};

export type Draft = {
  firstName: string;
  lastName: string;
  emails: string[];
  phones: string[];
  title: string;
  companyId: string | null;
  companyName: string | null;
  tierId: string | null;
  stage: Stage;
  tags: string[];
  birthday: string;
  ownerId: string | null;
  intervalDays: number | null;
  doNotContact: boolean;
};

export function draftOf(contact?: Contact): Draft {
  return {
    firstName: contact?.firstName ?? '',
    lastName: contact?.lastName ?? '',
    emails: contact?.emails ?? [],
    phones: contact?.phones.map((p) => p.number) ?? [],
    title: contact?.title ?? '',
    companyId: contact?.company?.id ?? null,
    companyName: contact?.company?.name ?? null,
    tierId: contact?.tierId ?? null,
    stage: contact?.stage ?? 'lead',
    tags: contact?.tags ?? [],
    birthday: contact?.birthday ?? '',
    ownerId: contact?.ownerId ?? null,
    intervalDays: contact?.intervalDays ?? null,
    doNotContact: contact?.doNotContact ?? false,
  };
}

/** The request body: on create only what was filled in; on edit every field, cleared ones as null. */
export function bodyOf(draft: Draft, contact?: Contact): ContactCreate {
  const phones = draft.phones.map((number) => ({
    number,
    label: contact?.phones.find((p) => p.number === number)?.label ?? null,
  }));
  const body: ContactCreate = {
    firstName: draft.firstName,
    lastName: draft.lastName,
    emails: draft.emails,
    phones,
    title: draft.title.trim() || null,
    companyId: draft.companyId,
    tierId: draft.tierId,
    stage: draft.stage,
    tags: draft.tags,
    birthday: draft.birthday || null,
  };
  if (!contact)
    return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== null)) as ContactCreate;
  return {
    ...body,
    ownerId: draft.ownerId,
    intervalDays: draft.intervalDays,
    doNotContact: draft.doNotContact,
  };
}
