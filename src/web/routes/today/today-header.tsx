import { NativeSelect, Paper, SimpleGrid, Stack, Text, UnstyledButton } from '@mantine/core';
import { useUsers } from '../../api/contacts';
import type { Owner, TodayList } from '../../api/queries';

// Today's header parts: the owner filter of the team view, and the three counts.

/** Narrows the team view to one teammate's contacts. */
export function OwnerSelect({ owner, onChange }: { owner: Owner; onChange: (owner: string) => void }) {
  const users = useUsers();
  return (
    <NativeSelect
      label="Owner"
      value={owner}
      onChange={(e) => onChange(e.currentTarget.value)}
      data={[
        { value: 'all', label: 'Everyone' },
        ...(users.data ?? []).map((user) => ({ value: user.id, label: user.name })),
      ]}
      w={180}
    />
  );
}

/** Due, overdue and no-plan counts; "No plan" opens the orphans tab. */
export function Counts({ list, onShowOrphans }: { list: TodayList | undefined; onShowOrphans: () => void }) {
  const counts = list?.counts;
  const cell = (label: string, value: number | undefined, color: string) => (
    <Stack gap={0}>
      <Text size="xs" tt="uppercase" fw={600} c="dimmed" lts={0.4}>
        {label}
      </Text>
      <Text fz={{ base: 22, sm: 26 }} fw={700} c={value ? color : 'dimmed'} lh={1.2}>
        {value ?? '–'}
      </Text>
    </Stack>
  );
  return (
    <SimpleGrid cols={3} spacing="sm" role="group" aria-label="Counts">
      <Paper
        withBorder
        radius="md"
        py={{ base: 6, sm: 'sm' }}
        px="md"
        aria-label={`Due: ${counts?.due ?? 'loading'}`}
      >
        {cell('Due', counts?.due, 'teal.8')}
      </Paper>
      <Paper
        withBorder
        radius="md"
        py={{ base: 6, sm: 'sm' }}
        px="md"
        aria-label={`Overdue: ${counts?.overdue ?? 'loading'}`}
      >
        {cell('Overdue', counts?.overdue, 'orange.8')}
      </Paper>
      <UnstyledButton onClick={onShowOrphans} aria-label={`No plan: ${counts?.orphans ?? 'loading'}`}>
        <Paper withBorder radius="md" py={{ base: 6, sm: 'sm' }} px="md" h="100%">
          {cell('No plan', counts?.orphans, 'red.8')}
        </Paper>
      </UnstyledButton>
    </SimpleGrid>
  );
}
