import { Center, Group, Paper, Stack, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** The frame of a page opened from a link, signed out: the logo and one card, as on sign-in. */
export function LinkPage({ children }: { children: ReactNode }) {
  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Stack w="100%" maw={440} gap="lg">
        <Group gap={10} justify="center">
          <img src="/favicon.svg" alt="" width={36} height={36} />
          <Title order={1} size="h2">
            Kith
          </Title>
        </Group>
        <Paper withBorder shadow="sm" p="xl" radius="lg">
          {children}
        </Paper>
      </Stack>
    </Center>
  );
}
