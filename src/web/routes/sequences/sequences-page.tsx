import { Badge, Button, Group, NavLink, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { IconPlus, IconRoute } from '@tabler/icons-react';
import { createLazyRoute, Link } from '@tanstack/react-router';
import { useState } from 'react';
import {
  type Enrollment,
  type Sequence,
  useChangeEnrollment,
  useEnrollments,
  useSequences,
} from '../../api/sequences';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/states';
import { formatDateTime } from '../../lib/dates';
import { SequenceEditor } from './sequence-editor';

/** Sequences: follow-up steps to the fifth touch, and who is going through them. */
export const sequencesLazyRoute = createLazyRoute('/app/sequences')({ component: SequencesPage });

const STATUS = {
  active: { label: 'Active', color: 'blue' },
  paused: { label: 'Paused', color: 'gray' },
  finished: { label: 'Finished', color: 'green' },
  stopped: { label: 'Stopped', color: 'orange' },
} as const;

function SequencesPage() {
  const list = useSequences();
  const [chosen, setChosen] = useState<Sequence | 'new' | null>(null);
  const items = list.data ?? [];
  const current = chosen === 'new' ? null : (chosen ?? items[0] ?? null);
  const isNew = chosen === 'new' || (list.isSuccess && items.length === 0);
  return (
    <Stack maw={1200} mx="auto" gap="lg">
      <Group justify="space-between" wrap="wrap">
        <div>
          <Title order={1} size="h2">
            Sequences
          </Title>
          <Text c="dimmed" size="sm" maw={640}>
            Follow-up that does not stop at the second try: emails from templates, calls and tasks, days
            apart, until the contact answers. Enrol contacts from their page.
          </Text>
        </div>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setChosen('new')}>
          New sequence
        </Button>
      </Group>
      {list.isPending ? (
        <ListSkeleton label="Loading sequences" rows={3} />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Group align="flex-start" gap="lg" wrap="wrap">
          <Stack component="nav" aria-label="Sequences" gap={2} w={{ base: '100%', sm: 240 }}>
            {items.length === 0 ? (
              <EmptyState title="No sequences yet" icon={<IconRoute size={28} />}>
                Build the first one on the right.
              </EmptyState>
            ) : (
              items.map((s) => (
                <NavLink
                  key={s.id}
                  label={s.name}
                  description={`${s.steps.length} steps`}
                  active={!isNew && current?.id === s.id}
                  onClick={() => setChosen(s)}
                />
              ))
            )}
          </Stack>
          <Stack style={{ flex: '1 1 560px', minWidth: 0 }} gap="lg">
            <Paper withBorder p="md" radius="md">
              <SequenceEditor
                key={isNew ? 'new' : (current?.id ?? 'none')}
                sequence={isNew ? null : current}
                onSaved={setChosen}
              />
            </Paper>
            {!isNew && current && <Enrollments sequence={current} />}
          </Stack>
        </Group>
      )}
    </Stack>
  );
}

function Enrollments({ sequence }: { sequence: Sequence }) {
  const enrollments = useEnrollments(sequence.id);
  const change = useChangeEnrollment();
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label="Enrolments">
      <Title order={2} size="h5" mb="sm">
        Enrolments
      </Title>
      {enrollments.isPending ? (
        <ListSkeleton label="Loading enrolments" rows={2} />
      ) : enrollments.isError ? (
        <ErrorState error={enrollments.error} onRetry={() => void enrollments.refetch()} />
      ) : enrollments.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nobody yet. Open a contact and choose "Add to a sequence".
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing={6}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Contact</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Step</Table.Th>
                <Table.Th>Next / why it stopped</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {enrollments.data.map((e: Enrollment) => (
                <Table.Tr key={e.id}>
                  <Table.Td>
                    <Link to="/contacts/$contactId" params={{ contactId: e.contact.id }}>
                      {e.contact.name}
                    </Link>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={STATUS[e.status].color} variant="light" tt="none">
                      {STATUS[e.status].label}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {e.currentStep} of {sequence.steps.length}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {e.stopReason ?? (e.nextStepAt ? formatDateTime(e.nextStepAt) : '—')}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {(e.status === 'active' || e.status === 'paused') && (
                      <Group gap={4} wrap="nowrap">
                        <Button
                          size="compact-xs"
                          variant="default"
                          onClick={() =>
                            change.mutate({ id: e.id, status: e.status === 'active' ? 'paused' : 'active' })
                          }
                        >
                          {e.status === 'active' ? 'Pause' : 'Resume'}
                        </Button>
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          color="red"
                          onClick={() => change.mutate({ id: e.id, status: null })}
                        >
                          Remove
                        </Button>
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
