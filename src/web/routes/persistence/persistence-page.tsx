import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { createLazyRoute, Link } from '@tanstack/react-router';
import { useState } from 'react';
import { usePersistence } from '../../api/reports';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/states';
import { ago } from '../../lib/dates';
import { OwnerSelect } from '../today/today-header';

/** Persistence: who gets followed up to the fifth touch, where answers come, and who stalls. */
export const persistenceLazyRoute = createLazyRoute('/app/persistence')({ component: PersistencePage });

const percent = (share: number) => `${Math.round(share * 100)}%`;

function Figure({ label, value, hint }: { label: string; value: string; hint: string }) {
  return (
    <Paper withBorder p="md" radius="md">
      <Text size="xs" tt="uppercase" fw={600} c="dimmed">
        {label}
      </Text>
      <Text fz={28} fw={700}>
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {hint}
      </Text>
    </Paper>
  );
}

function PersistencePage() {
  const [owner, setOwner] = useState('all');
  const report = usePersistence(owner);
  return (
    <Stack maw={1100} mx="auto" gap="lg">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={1} size="h2">
            Persistence
          </Title>
          <Text c="dimmed" size="sm" maw={640}>
            Most deals take about five follow-ups, and most leads never get a second. Open leads (lead,
            qualified, opportunity), counted by the attempts since they last answered.
          </Text>
        </div>
        <OwnerSelect owner={owner} onChange={setOwner} />
      </Group>
      {report.isPending ? (
        <ListSkeleton label="Loading the report" rows={3} />
      ) : report.isError ? (
        <ErrorState error={report.error} onRetry={() => void report.refetch()} />
      ) : report.data.leads === 0 ? (
        <EmptyState title="No open leads">
          Contacts at the lead, qualified or opportunity stage show up here.
        </EmptyState>
      ) : (
        <>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Figure
              label="Open leads"
              value={String(report.data.leads)}
              hint="lead, qualified or opportunity"
            />
            <Figure
              label="Never followed up"
              value={percent(report.data.neverFollowedUp)}
              hint="no attempt since they last answered"
            />
            <Figure
              label="Reached a fifth attempt"
              value={percent(report.data.reachedFifth)}
              hint="the goal"
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Paper withBorder p="md" radius="md" component="section" aria-label="Leads by attempts">
              <Title order={2} size="h5" mb="sm">
                Leads by attempts
              </Title>
              <BarChart
                h={220}
                data={Object.entries(report.data.attempts).map(([attempts, leads]) => ({ attempts, leads }))}
                dataKey="attempts"
                series={[{ name: 'leads', color: 'teal.6', label: 'Leads' }]}
                xAxisLabel="Attempts"
              />
            </Paper>
            <Paper withBorder p="md" radius="md" component="section" aria-label="When people answered">
              <Title order={2} size="h5" mb="sm">
                On which attempt people answered
              </Title>
              <BarChart
                h={220}
                data={report.data.repliedByAttempt.map((r) => ({
                  attempt: r.attempt,
                  answered: Math.round(r.share * 100),
                }))}
                dataKey="attempt"
                series={[{ name: 'answered', color: 'blue.6', label: '% answered' }]}
                unit="%"
                xAxisLabel="Attempt"
              />
            </Paper>
          </SimpleGrid>
          <Paper withBorder p="md" radius="md" component="section" aria-label="Stalled leads">
            <Title order={2} size="h5">
              Stalled leads
            </Title>
            <Text size="sm" c="dimmed" mb="sm">
              No answer, fewer than five attempts, and none in twice their cadence: the ones to act on.
            </Text>
            {report.data.stalled.length === 0 ? (
              <Text size="sm">Nobody has stalled. Keep it up.</Text>
            ) : (
              <Table.ScrollContainer minWidth={480}>
                <Table verticalSpacing={6}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Lead</Table.Th>
                      <Table.Th>Owner</Table.Th>
                      <Table.Th>Attempts</Table.Th>
                      <Table.Th>Last attempt</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {report.data.stalled.flatMap((o) =>
                      o.leads.map((lead) => (
                        <Table.Tr key={lead.id}>
                          <Table.Td>
                            <Link to="/contacts/$contactId" params={{ contactId: lead.id }}>
                              {lead.name}
                            </Link>
                          </Table.Td>
                          <Table.Td>{o.ownerName ?? 'Nobody'}</Table.Td>
                          <Table.Td>{lead.attempts} of 5</Table.Td>
                          <Table.Td>{lead.lastAttemptAt ? ago(lead.lastAttemptAt) : 'never'}</Table.Td>
                        </Table.Tr>
                      )),
                    )}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </Paper>
        </>
      )}
    </Stack>
  );
}
