import {
  Alert,
  Button,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { type FormEvent, useMemo, useState } from 'react';
import { ApiError } from '../../api/client';
import {
  type Contact,
  type ContactCreate,
  STAGES,
  type Stage,
  useCompanyOptions,
  useUsers,
} from '../../api/contacts';
import { useTiers } from '../../api/queries';
import { STAGE_LABEL } from './labels';

type Draft = {
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

function draftOf(contact?: Contact): Draft {
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
function bodyOf(draft: Draft, contact?: Contact): ContactCreate {
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

/** The message for a list field the API named by position (`body.emails.1`), with the entry it is about. */
function listMessage(error: ApiError | null, field: string, values: string[]): string | undefined {
  const problem = error?.fields.find((f) => f.field === field || f.field.startsWith(`${field}.`));
  if (!problem) return undefined;
  const index = Number(problem.field.slice(field.length + 1).split('.')[0]);
  const value = Number.isInteger(index) ? values[index] : undefined;
  return value ? `${value}: ${problem.message}` : problem.message;
}

/** Every field of a contact; the server's validation messages show next to the fields they name. */
export function ContactForm({
  contact,
  error,
  isPending,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  contact?: Contact;
  error: unknown;
  isPending: boolean;
  submitLabel: string;
  onSubmit: (body: ContactCreate) => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState(() => draftOf(contact));
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const apiError = error instanceof ApiError ? error : null;
  const msg = (field: string) => apiError?.fieldMessage(`body.${field}`);
  const tiers = useTiers();
  const users = useUsers();
  const [companySearch, setCompanySearch] = useState(draft.companyName ?? '');
  const [debounced] = useDebouncedValue(companySearch, 200);
  const companies = useCompanyOptions(debounced === draft.companyName ? '' : debounced);
  const companyData = useMemo(() => {
    const options = (companies.data ?? []).map((c) => ({ value: c.id, label: c.name }));
    if (draft.companyId && draft.companyName && !options.some((o) => o.value === draft.companyId)) {
      options.unshift({ value: draft.companyId, label: draft.companyName });
    }
    return options;
  }, [companies.data, draft.companyId, draft.companyName]);
  const unnamed = apiError && apiError.fields.length === 0 ? apiError.message : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(bodyOf(draft, contact));
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {unnamed && (
          <Alert color="red" variant="light" role="alert">
            {unnamed}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <TextInput
            label="First name"
            required
            value={draft.firstName}
            onChange={(e) => set('firstName', e.currentTarget.value)}
            error={msg('firstName')}
            data-autofocus
          />
          <TextInput
            label="Last name"
            value={draft.lastName}
            onChange={(e) => set('lastName', e.currentTarget.value)}
            error={msg('lastName')}
          />
        </SimpleGrid>
        <TagsInput
          label="Emails"
          description="Press Enter after each address"
          value={draft.emails}
          onChange={(v) => set('emails', v)}
          error={listMessage(apiError, 'body.emails', draft.emails)}
          splitChars={[',', ' ']}
          acceptValueOnBlur
        />
        <TagsInput
          label="Phones"
          value={draft.phones}
          onChange={(v) => set('phones', v)}
          error={listMessage(apiError, 'body.phones', draft.phones)}
          splitChars={[',']}
          acceptValueOnBlur
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <TextInput
            label="Title"
            value={draft.title}
            onChange={(e) => set('title', e.currentTarget.value)}
            error={msg('title')}
          />
          <Select
            label="Company"
            placeholder="Search companies"
            searchable
            clearable
            data={companyData}
            value={draft.companyId}
            searchValue={companySearch}
            onSearchChange={setCompanySearch}
            filter={({ options }) => options}
            nothingFoundMessage={companies.isFetching ? 'Searching…' : 'No company matches'}
            onChange={(value, option) =>
              setDraft((d) => ({ ...d, companyId: value, companyName: value ? option.label : null }))
            }
            error={msg('companyId')}
          />
          <Select
            label="Tier"
            placeholder="No tier"
            clearable
            data={(tiers.data ?? []).map((t) => ({ value: t.id, label: t.name }))}
            value={draft.tierId}
            onChange={(v) => set('tierId', v)}
            error={msg('tierId')}
          />
          <Select
            label="Stage"
            data={STAGES.map((s) => ({ value: s, label: STAGE_LABEL[s] }))}
            value={draft.stage}
            onChange={(v) => v && set('stage', v as Stage)}
            allowDeselect={false}
            error={msg('stage')}
          />
        </SimpleGrid>
        <TagsInput
          label="Tags"
          value={draft.tags}
          onChange={(v) => set('tags', v)}
          error={msg('tags')}
          splitChars={[',']}
          acceptValueOnBlur
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <TextInput
            type="date"
            label="Birthday"
            value={draft.birthday}
            onChange={(e) => set('birthday', e.currentTarget.value)}
            error={msg('birthday')}
          />
          {contact && (
            <Select
              label="Owner"
              placeholder="Nobody"
              // Deactivated users cannot be given contacts.
              data={(users.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))}
              value={draft.ownerId}
              onChange={(v) => set('ownerId', v)}
              error={msg('ownerId')}
            />
          )}
          {contact && (
            <NumberInput
              label="Own interval (days)"
              description="Overrides the tier's cadence"
              min={1}
              max={3650}
              value={draft.intervalDays ?? ''}
              onChange={(v) => set('intervalDays', typeof v === 'number' ? v : null)}
              error={msg('intervalDays')}
            />
          )}
          {contact && (
            <Switch
              label="Do not contact"
              mt="lg"
              checked={draft.doNotContact}
              onChange={(e) => set('doNotContact', e.currentTarget.checked)}
            />
          )}
        </SimpleGrid>
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={isPending}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
