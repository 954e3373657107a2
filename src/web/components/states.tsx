import { Alert, Button, Center, Group, Loader, Skeleton, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconAlertTriangle, IconMoodSmile } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { messageOf } from '../api/client';

/** A centred spinner for a page that is on its way. */
export function PageLoader() {
  return (
    <Center h="60vh" aria-busy="true">
      <Loader aria-label="Loading" />
    </Center>
  );
}

/** Grey bars shaped like list rows, while a list loads. */
export function ListSkeleton({ rows = 5, label }: { rows?: number; label: string }) {
  return (
    <Stack gap="sm" aria-busy="true" aria-label={label}>
      {Array.from({ length: rows }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
        <Skeleton key={i} height={84} radius="md" />
      ))}
    </Stack>
  );
}

/** What went wrong, in words, with a way to try again. */
export function ErrorState({
  error,
  onRetry,
  fullPage,
}: {
  error: unknown;
  onRetry?: () => void;
  fullPage?: boolean;
}) {
  const alert = (
    <Alert
      color="red"
      variant="light"
      title="Something went wrong"
      icon={<IconAlertTriangle size={18} />}
      role="alert"
      maw={560}
      w="100%"
    >
      <Stack gap="sm">
        <Text size="sm">{messageOf(error)}</Text>
        {onRetry && (
          <Group>
            <Button size="xs" variant="light" color="red" onClick={onRetry}>
              Try again
            </Button>
          </Group>
        )}
      </Stack>
    </Alert>
  );
  return fullPage ? (
    <Center h="100vh" p="md">
      {alert}
    </Center>
  ) : (
    <Center py="xl">{alert}</Center>
  );
}

/** A friendly empty list. */
export function EmptyState({
  title,
  children,
  icon,
}: {
  title: string;
  children?: ReactNode;
  icon?: ReactNode;
}) {
  return (
    <Stack align="center" gap="xs" py={48} px="md" ta="center">
      <ThemeIcon size={56} radius="xl" variant="light">
        {icon ?? <IconMoodSmile size={30} />}
      </ThemeIcon>
      <Title order={3} size="h4" mt="sm">
        {title}
      </Title>
      {children && (
        <Text c="dimmed" size="sm" maw={420}>
          {children}
        </Text>
      )}
    </Stack>
  );
}
