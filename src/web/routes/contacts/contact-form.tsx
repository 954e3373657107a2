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
import { ContactCreateInput } from '../../../shared/contact-input.ts';
import { ApiError } from '../../api/client';
import {
  type Contact,
  type ContactCreate,
  STAGES,
  type Stage,
  useCompanyOptions,
  useContactsNamed,
  useUsers,
} from '../../api/contacts';
import { useTiers } from '../../api/queries';
import { AnchorLink } from '../../components/links';
import { problemNode } from '../../components/problem-text';
import { problemsOf, serverProblems } from '../../lib/form-problems';
import { bodyOf, type Draft, draftOf, LABELS } from './contact-draft';
import { STAGE_LABEL } from './labels';

/**
 * Every field of a contact. The draft is checked as it is typed with the API's own schema, so the form and
 * the server say the same thing; the server's messages (a taken email) show next to the fields they name.
 * A new contact whose name is already taken gets a warning with a link before it is saved.
 */
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
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setTouched((t) => (t.has(key) ? t : new Set(t).add(key)));
  };
  const apiError = error instanceof ApiError ? error : null;
  const body = bodyOf(draft, contact);
  const local = problemsOf(ContactCreateInput, body, LABELS);
  const remote = serverProblems(apiError, body, LABELS);
  // A field's own problem shows once it has been changed, or every one after a try to save.
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [isSubmitted, setSubmitted] = useState(false);
  const msg = (field: string) =>
    problemNode(((isSubmitted || touched.has(field)) && local[field]) || remote[field]);
  const [names] = useDebouncedValue(`${draft.firstName}\n${draft.lastName}`, 300);
  const [namedFirst = '', namedLast = ''] = names.split('\n');
  const namesakes = useContactsNamed(contact ? '' : namedFirst, namedLast);
  const namesake = contact ? undefined : namesakes.data?.[0];
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
    setSubmitted(true);
    const first = Object.keys(LABELS).find((key) => local[key]);
    if (first) {
      document.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus();
      return;
    }
    onSubmit(body);
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {unnamed && !remote.emails && (
          <Alert color="red" variant="light" role="alert">
            {unnamed}
          </Alert>
        )}
        {namesake && (
          <Alert color="yellow" variant="light" role="status" title="This name is taken">
            {namesakes.data && namesakes.data.length > 1
              ? `${namesakes.data.length} contacts are already called ${namesake.name}: `
              : `There is already a contact called ${namesake.name}: `}
            <AnchorLink to="/contacts/$contactId" params={{ contactId: namesake.id }} size="sm">
              Open {namesake.name}
              {namesake.company ? ` (${namesake.company.name})` : ''}
            </AnchorLink>
            . Save anyway only if this is someone else.
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <TextInput
            label="First name"
            required
            value={draft.firstName}
            onChange={(e) => set('firstName', e.currentTarget.value)}
            error={msg('firstName')}
            data-field="firstName"
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
          error={msg('emails')}
          data-field="emails"
          splitChars={[',', ' ']}
          acceptValueOnBlur
        />
        <TagsInput
          label="Phones"
          value={draft.phones}
          onChange={(v) => set('phones', v)}
          error={msg('phones')}
          data-field="phones"
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
            {namesake ? `${submitLabel} anyway` : submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
