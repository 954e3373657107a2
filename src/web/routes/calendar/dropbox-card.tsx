import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useDropboxAddress, useRegenerateDropbox } from '../../api/dropbox';
import { ConfirmModal } from '../../components/confirm-modal';
import { CopyField } from '../../components/copy-field';

/** Settings > Mail & calendar: my private dropbox address, to copy, and to replace when it leaked. */
export function DropboxCard() {
  const dropbox = useDropboxAddress();
  const regenerate = useRegenerateDropbox();
  const [isAsking, setIsAsking] = useState(false);
  const address = dropbox.data;
  // A viewer has none; while loading or on an error the rest of the page does not wait for this card.
  if (!address) return null;
  const close = () => {
    setIsAsking(false);
    regenerate.reset();
  };
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          BCC and forward dropbox
        </Title>
        <Text c="dimmed" size="sm" maw={640}>
          BCC this address on mail to your contacts to log it as sent; forward mail from a contact to it to
          log it as received, at its original date. Someone new on the mail becomes a contact. Only mail from
          your own addresses is taken; keep this address private.
        </Text>
        <CopyField label="Your dropbox address" value={address} />
        <Group>
          <Button size="xs" variant="subtle" color="red" onClick={() => setIsAsking(true)}>
            Regenerate
          </Button>
        </Group>
      </Stack>
      <ConfirmModal
        opened={isAsking}
        title="Replace your dropbox address?"
        confirmLabel="Regenerate"
        isPending={regenerate.isPending}
        error={regenerate.error}
        onClose={close}
        onConfirm={() =>
          regenerate.mutate(undefined, {
            onSuccess: () => {
              notifications.show({
                title: 'New dropbox address',
                message: 'The old one no longer takes mail.',
              });
              close();
            },
          })
        }
      >
        <Text size="sm">
          Mail sent to the current address will be refused from now on. Update any forwarding rule or contact
          card that uses it.
        </Text>
      </ConfirmModal>
    </Paper>
  );
}
