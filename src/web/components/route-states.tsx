import { Alert, Button, Center, Group, Stack, Text } from '@mantine/core';
import { IconMapQuestion, IconRefresh } from '@tabler/icons-react';
import { EmptyState, ErrorState } from './states';

/**
 * A screen's code could not be loaded: after a deploy the old file names are gone, or the network
 * dropped. Browsers word it differently (Chrome, Firefox, Safari), and Vite adds its preload error.
 */
export function isChunkLoadError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /dynamically imported module|Importing a module script failed|Unable to preload CSS|Failed to fetch/i.test(
    message,
  );
}

const reload = () => window.location.reload();

/** A way back to Today, where every journey starts; a full load, so it also picks up a new version. */
function HomeLink() {
  return (
    <Button component="a" href="/" variant="default" size="sm">
      Go to Today
    </Button>
  );
}

/**
 * A screen that failed, inside the app's shell: a failed code load offers a reload (a new version is
 * likely out), anything else a retry; both offer the way home.
 */
export function RouteErrorState({ error, reset }: { error: unknown; reset?: () => void }) {
  if (!isChunkLoadError(error)) {
    return (
      <Stack align="center" gap="sm">
        <ErrorState error={error} onRetry={reset} />
        <HomeLink />
      </Stack>
    );
  }
  return (
    <Center py="xl">
      <Alert
        color="blue"
        variant="light"
        title="This screen could not be loaded"
        icon={<IconRefresh size={18} />}
        role="alert"
        maw={560}
        w="100%"
      >
        <Stack gap="sm">
          <Text size="sm">
            Kith may have been updated since you opened it, or the connection dropped. Reload to get the
            latest version; nothing you saved is lost.
          </Text>
          <Group>
            <Button size="sm" onClick={reload} leftSection={<IconRefresh size={16} />}>
              Reload
            </Button>
            <HomeLink />
          </Group>
        </Stack>
      </Alert>
    </Center>
  );
}

/** An address with no page, inside the app's shell, with the way home and a reload for a new version. */
export function NotFoundPage() {
  return (
    <Stack maw={640} mx="auto" align="center" gap="sm">
      <EmptyState title="There is no page at this address" icon={<IconMapQuestion size={30} />}>
        The link may be mistyped, or the page may have moved in a newer version of Kith.
      </EmptyState>
      <Group justify="center">
        <HomeLink />
        <Button variant="subtle" size="sm" onClick={reload} leftSection={<IconRefresh size={16} />}>
          Reload
        </Button>
      </Group>
    </Stack>
  );
}
