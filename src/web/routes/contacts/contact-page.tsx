import { Anchor, Badge, Grid, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconCake, IconMail, IconPhone, IconTag, IconUser, IconUserQuestion } from '@tabler/icons-react';
import { createLazyRoute, getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import { type Contact, useContact, useUsers } from '../../api/contacts';
import { ButtonLink } from '../../components/links';
import { useQuickLog } from '../../components/quick-log-context';
import { EmptyState, ErrorState, PageLoader } from '../../components/states';
import { focusField, useContactActions } from '../../lib/contact-actions';
import { formatDay } from '../../lib/dates';
import { SnoozeModal } from '../today/snooze-modal';
import { ContactHeader } from './contact-header';
import { ConfirmRemoveModal, EditContactDrawer } from './edit-contact';
import { EmailModal } from './email-modal';
import { EnrollModal } from './enroll-modal';
import { ADD_FACT_FIELD, FactsPanel } from './facts-panel';
import { intervalOf } from './labels';
import { ADD_STEP_FIELD, NextStepsPanel } from './next-steps-panel';
import { TimelinePanel } from './timeline-panel';

export const contactLazyRoute = createLazyRoute('/app/contacts/$contactId')({ component: ContactPage });

const routeApi = getRouteApi('/app/contacts/$contactId');

type Dialog = 'edit' | 'snooze' | 'archive' | 'delete' | 'email' | 'enroll' | null;

function ContactPage() {
  const { contactId } = routeApi.useParams();
  const contact = useContact(contactId);
  if (contact.isPending) return <PageLoader />;
  if (contact.isError) {
    if (contact.error instanceof ApiError && (contact.error.status === 404 || contact.error.status === 400)) {
      return <NotFound />;
    }
    return <ErrorState error={contact.error} onRetry={() => void contact.refetch()} />;
  }
  return <ContactView key={contact.data.id} contact={contact.data} />;
}

function NotFound() {
  return (
    <Stack maw={960} mx="auto">
      <EmptyState title="Contact not found" icon={<IconUserQuestion size={30} />}>
        It may have been deleted, or the link is wrong.
      </EmptyState>
      <Group justify="center">
        <ButtonLink to="/contacts" variant="light">
          All contacts
        </ButtonLink>
      </Group>
    </Stack>
  );
}

function ContactView({ contact }: { contact: Contact }) {
  const quickLog = useQuickLog();
  const [dialog, setDialog] = useState<Dialog>(null);
  const logTouch = () =>
    quickLog.open({
      contacts: [
        {
          id: contact.id,
          name: contact.name,
          company: contact.company?.name ?? null,
          intervalDays: intervalOf(contact),
          tierId: contact.tier?.id ?? null,
        },
      ],
    });
  const isBusy = quickLog.state.opened || dialog !== null;
  const unlessBusy = (run: () => void) => () => {
    if (!isBusy) run();
  };
  useHotkeys([
    ['l', unlessBusy(logTouch)],
    ['e', unlessBusy(() => setDialog('edit'))],
    ['s', unlessBusy(() => setDialog('snooze'))],
  ]);
  // The palette's actions for the contact in view.
  useContactActions(contact.id, (action) => {
    if (action === 'snooze') setDialog('snooze');
    if (action === 'fact') focusField(ADD_FACT_FIELD);
    if (action === 'step') focusField(ADD_STEP_FIELD);
  });

  return (
    <Stack maw={1040} mx="auto" gap="md">
      <ContactHeader
        contact={contact}
        onLog={logTouch}
        onSnooze={() => setDialog('snooze')}
        onEdit={() => setDialog('edit')}
        onArchive={() => setDialog('archive')}
        onDelete={() => setDialog('delete')}
        onEmail={() => setDialog('email')}
        onEnroll={() => setDialog('enroll')}
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }} order={{ base: 2, md: 1 }}>
          <TimelinePanel contactId={contact.id} onLog={logTouch} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }} order={{ base: 1, md: 2 }}>
          <Stack gap="md">
            <NextStepsPanel contactId={contact.id} />
            <FactsPanel contactId={contact.id} />
            <Details contact={contact} />
          </Stack>
        </Grid.Col>
      </Grid>
      <EditContactDrawer contact={contact} opened={dialog === 'edit'} onClose={() => setDialog(null)} />
      <SnoozeModal contact={dialog === 'snooze' ? contact : null} onClose={() => setDialog(null)} />
      <EmailModal contact={dialog === 'email' ? contact : null} onClose={() => setDialog(null)} />
      <EnrollModal contacts={dialog === 'enroll' ? [contact] : null} onClose={() => setDialog(null)} />
      <ConfirmRemoveModal
        contact={contact}
        action={dialog === 'archive' || dialog === 'delete' ? dialog : null}
        onClose={() => setDialog(null)}
      />
    </Stack>
  );
}

/** How to reach the contact, and the rest of what Kith knows. */
function Details({ contact }: { contact: Contact }) {
  const users = useUsers();
  const owner = users.data?.find((u) => u.id === contact.ownerId);
  const line = (icon: React.ReactNode, children: React.ReactNode, label: string) => (
    <Group gap={8} wrap="nowrap" align="flex-start" aria-label={label}>
      <span style={{ color: 'var(--mantine-color-gray-6)', marginTop: 2, display: 'flex' }}>{icon}</span>
      <div style={{ minWidth: 0 }}>{children}</div>
    </Group>
  );
  return (
    <Paper withBorder radius="lg" p="md" component="section" aria-labelledby="details-heading">
      <Title order={2} size="h5" mb="sm" id="details-heading">
        Details
      </Title>
      <Stack gap={8}>
        {line(
          <IconMail size={16} />,
          contact.emails.length ? (
            <Stack gap={2}>
              {contact.emails.map((email) => (
                <Anchor key={email} href={`mailto:${email}`} size="sm" style={{ wordBreak: 'break-all' }}>
                  {email}
                </Anchor>
              ))}
            </Stack>
          ) : (
            <Text size="sm" c="dimmed">
              No email
            </Text>
          ),
          'Emails',
        )}
        {line(
          <IconPhone size={16} />,
          contact.phones.length ? (
            <Stack gap={2}>
              {contact.phones.map((phone) => (
                <Anchor key={phone.number} href={`tel:${phone.number.replace(/[^\d+]/g, '')}`} size="sm">
                  {phone.number}
                  {phone.label ? ` (${phone.label})` : ''}
                </Anchor>
              ))}
            </Stack>
          ) : (
            <Text size="sm" c="dimmed">
              No phone
            </Text>
          ),
          'Phones',
        )}
        {line(
          <IconTag size={16} />,
          contact.tags.length ? (
            <Group gap={4}>
              {contact.tags.map((tag) => (
                <Badge key={tag} variant="default" size="sm" radius="sm" tt="none">
                  {tag}
                </Badge>
              ))}
            </Group>
          ) : (
            <Text size="sm" c="dimmed">
              No tags
            </Text>
          ),
          'Tags',
        )}
        {contact.birthday &&
          line(
            <IconCake size={16} />,
            <Text size="sm">Birthday {formatDay(contact.birthday)}</Text>,
            'Birthday',
          )}
        {line(
          <IconUser size={16} />,
          <Text size="sm">Owner: {owner?.name ?? (contact.ownerId ? '…' : 'nobody')}</Text>,
          'Owner',
        )}
      </Stack>
    </Paper>
  );
}
