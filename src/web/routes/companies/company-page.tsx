import { Anchor, Button, Grid, Group, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconExternalLink, IconPencil, IconTrash } from '@tabler/icons-react';
import { createLazyRoute, getRouteApi, useNavigate } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { messageOf } from '../../api/client';
import { type Company, useCompany, useDeleteCompany } from '../../api/companies';
import { AnchorLink } from '../../components/links';
import { ErrorState, PageLoader } from '../../components/states';
import { CompanyContacts } from './company-contacts';
import { CompanyFormModal } from './company-form';
import { CompanyTimeline } from './company-timeline';
import { FitStars } from './fit';

export const companyLazyRoute = createLazyRoute('/app/companies/$companyId')({ component: CompanyPage });

const routeApi = getRouteApi('/app/companies/$companyId');

function CompanyPage() {
  const { companyId } = routeApi.useParams();
  const company = useCompany(companyId);

  return (
    <Stack maw={1100} mx="auto" gap="lg">
      <AnchorLink to="/companies" size="sm" c="dimmed">
        <Group gap={4} component="span">
          <IconArrowLeft size={14} /> Companies
        </Group>
      </AnchorLink>
      {company.isPending ? (
        <PageLoader />
      ) : company.isError ? (
        <ErrorState error={company.error} onRetry={() => void company.refetch()} />
      ) : (
        <>
          <Header company={company.data} />
          <Grid gap="lg">
            <Grid.Col span={{ base: 12, md: 5 }}>
              <Section title="Contacts" count={company.data.contactCount}>
                <CompanyContacts companyId={companyId} />
              </Section>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 7 }}>
              <Section title="Timeline">
                <CompanyTimeline companyId={companyId} />
              </Section>
            </Grid.Col>
          </Grid>
        </>
      )}
    </Stack>
  );
}

function Section({ title, count, children }: { title: string; count?: number; children: ReactNode }) {
  return (
    <Paper withBorder radius="lg" p="md" component="section" aria-label={title}>
      <Group gap={8} mb="sm">
        <Title order={2} size="h4">
          {title}
        </Title>
        {count !== undefined && (
          <Text size="sm" c="dimmed">
            {count}
          </Text>
        )}
      </Group>
      {children}
    </Paper>
  );
}

function Header({ company }: { company: Company }) {
  const navigate = useNavigate();
  const [isEditing, setEditing] = useState(false);
  const [isDeleting, setDeleting] = useState(false);
  const remove = useDeleteCompany();

  const confirmDelete = () =>
    remove.mutate(company.id, {
      onSuccess: () => {
        notifications.show({ title: `Deleted ${company.name}`, message: 'Its contacts are still in Kith.' });
        void navigate({ to: '/companies' });
      },
    });

  return (
    <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
      <Stack gap={6} miw={0}>
        <Title order={1} size="h2">
          {company.name}
        </Title>
        <Group gap="md" wrap="wrap" style={{ rowGap: 4 }}>
          {company.domain && (
            <Anchor href={`https://${company.domain}`} target="_blank" rel="noopener noreferrer" size="sm">
              <Group gap={4} component="span" wrap="nowrap">
                {company.domain}
                <IconExternalLink size={14} aria-label="(opens in a new tab)" />
              </Group>
            </Anchor>
          )}
          {company.industry && (
            <Text size="sm" c="dimmed">
              {company.industry}
            </Text>
          )}
          <FitStars rating={company.fitRating} size={16} />
        </Group>
      </Stack>
      <Group gap="xs">
        <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
          Edit
        </Button>
        <Button
          variant="subtle"
          color="red"
          leftSection={<IconTrash size={16} />}
          onClick={() => setDeleting(true)}
        >
          Delete
        </Button>
      </Group>
      <CompanyFormModal opened={isEditing} company={company} onClose={() => setEditing(false)} />
      <Modal opened={isDeleting} onClose={() => setDeleting(false)} title={`Delete ${company.name}?`}>
        <Stack gap="md">
          <Text size="sm">
            {company.contactCount > 0
              ? `Its ${company.contactCount === 1 ? 'contact stays' : `${company.contactCount} contacts stay`} in Kith, unlinked from the company: no contact or history is deleted.`
              : 'No contacts are linked to it.'}
          </Text>
          {remove.isError && (
            <Text size="sm" c="red.7" role="alert">
              {messageOf(remove.error)}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDeleting(false)}>
              Cancel
            </Button>
            <Button color="red" onClick={confirmDelete} loading={remove.isPending}>
              Delete company
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Group>
  );
}
