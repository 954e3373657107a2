import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import { CopyField } from '../../components/copy-field';

export type ShownLink = { title: string; label: string; url: string; note: string };

/** Shows a one-time link to copy and pass on. */
export function LinkModal({ link, onClose }: { link: ShownLink | null; onClose: () => void }) {
  return (
    <Modal opened={link !== null} onClose={onClose} title={link?.title ?? ''} size="lg">
      {link && (
        <Stack gap="md">
          <Alert variant="light" color="teal">
            {link.note}
          </Alert>
          <CopyField label={link.label} value={link.url} />
          <Group justify="flex-end">
            <Button onClick={onClose}>Done</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
