import { Button, Group, Modal, NativeSelect, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { CompanyCreateInput } from '../../../shared/company-input.ts';
import { type Company, type CompanyInput, useCreateCompany, useUpdateCompany } from '../../api/companies';
import { useFormProblems } from '../../lib/use-form-problems';
import { FIT_LABEL } from './fit';

/** Each field's name in messages, in the order of the form. */
const LABELS = { name: 'Name', domain: 'Domain', industry: 'Industry', fitRating: 'Fit rating' };

/** Creates a company (company = null) or edits one; onSaved gets the saved company. */
export function CompanyFormModal({
  opened,
  company,
  onClose,
  onSaved,
}: {
  opened: boolean;
  company: Company | null;
  onClose: () => void;
  onSaved?: (company: Company) => void;
}) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={company ? `Edit ${company.name}` : 'New company'}
      size="lg"
    >
      {opened && (
        <CompanyForm
          key={company?.id ?? 'new'}
          company={company}
          onCancel={onClose}
          onSaved={onSaved ?? onClose}
        />
      )}
    </Modal>
  );
}

function CompanyForm({
  company,
  onCancel,
  onSaved,
}: {
  company: Company | null;
  onCancel: () => void;
  onSaved: (company: Company) => void;
}) {
  const [name, setName] = useState(company?.name ?? '');
  const [domain, setDomain] = useState(company?.domain ?? '');
  const [industry, setIndustry] = useState(company?.industry ?? '');
  const [fit, setFit] = useState(company?.fitRating ? String(company.fitRating) : '');
  const create = useCreateCompany();
  const update = useUpdateCompany();
  const mutation = company ? update : create;
  // Empty fields clear a value when editing, and are simply left out when creating.
  const clear = company ? null : undefined;
  const body: CompanyInput = {
    name,
    domain: domain.trim() ? domain : clear,
    industry: industry.trim() ? industry : clear,
    fitRating: fit ? Number(fit) : clear,
  };
  const form = useFormProblems({
    schema: CompanyCreateInput,
    value: body,
    labels: LABELS,
    error: mutation.error,
  });
  const edit = (field: keyof typeof LABELS, setter: (v: string) => void) => (v: string) => {
    setter(v);
    form.touch(field);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!form.check(event.currentTarget)) return;
    const done = (saved: Company) => {
      notifications.show({ title: company ? `Saved ${saved.name}` : `Added ${saved.name}`, message: '' });
      onSaved(saved);
    };
    if (company) update.mutate({ id: company.id, ...body }, { onSuccess: done });
    else create.mutate(body, { onSuccess: done });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <TextInput
          label="Name"
          placeholder="Acme Ltd"
          value={name}
          onChange={(e) => edit('name', setName)(e.currentTarget.value)}
          error={form.msg('name')}
          data-field="name"
          data-autofocus
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
          <TextInput
            label="Domain"
            placeholder="acme.com"
            value={domain}
            onChange={(e) => edit('domain', setDomain)(e.currentTarget.value)}
            error={form.msg('domain')}
            data-field="domain"
          />
          <TextInput
            label="Industry"
            placeholder="Manufacturing"
            value={industry}
            onChange={(e) => edit('industry', setIndustry)(e.currentTarget.value)}
            error={form.msg('industry')}
            data-field="industry"
          />
        </SimpleGrid>
        <NativeSelect
          label="Fit rating"
          description="How well the company fits your ideal customer"
          value={fit}
          onChange={(e) => edit('fitRating', setFit)(e.currentTarget.value)}
          data-field="fitRating"
          data={[
            { value: '', label: 'Not rated' },
            ...[1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: `${n} · ${FIT_LABEL[n]}` })),
          ]}
          error={form.msg('fitRating')}
        />
        {form.unplaced && (
          <Text size="sm" c="red.7" role="alert">
            {form.unplaced}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {company ? 'Save' : 'Add company'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
