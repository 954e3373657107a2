import { Button, Group, Modal, NativeSelect, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { ApiError, messageOf } from '../../api/client';
import { type Company, type CompanyInput, useCreateCompany, useUpdateCompany } from '../../api/companies';
import { FIT_LABEL } from './fit';

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
  const error = mutation.error instanceof ApiError ? mutation.error : null;
  const fieldError = (field: string) => error?.fieldMessage(`body.${field}`);
  const unplaced = error && !error.fields.some((f) => f.field.startsWith('body.')) ? messageOf(error) : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Empty fields clear a value when editing, and are simply left out when creating.
    const clear = company ? null : undefined;
    const body: CompanyInput = {
      name,
      domain: domain.trim() ? domain : clear,
      industry: industry.trim() ? industry : clear,
      fitRating: fit ? Number(fit) : clear,
    };
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
          onChange={(e) => setName(e.currentTarget.value)}
          error={fieldError('name')}
          data-autofocus
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
          <TextInput
            label="Domain"
            placeholder="acme.com"
            value={domain}
            onChange={(e) => setDomain(e.currentTarget.value)}
            error={fieldError('domain')}
          />
          <TextInput
            label="Industry"
            placeholder="Manufacturing"
            value={industry}
            onChange={(e) => setIndustry(e.currentTarget.value)}
            error={fieldError('industry')}
          />
        </SimpleGrid>
        <NativeSelect
          label="Fit rating"
          description="How well the company fits your ideal customer"
          value={fit}
          onChange={(e) => setFit(e.currentTarget.value)}
          data={[
            { value: '', label: 'Not rated' },
            ...[1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: `${n} · ${FIT_LABEL[n]}` })),
          ]}
          error={fieldError('fitRating')}
        />
        {unplaced && (
          <Text size="sm" c="red.7" role="alert">
            {unplaced}
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
