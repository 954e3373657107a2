import { Alert, Button, Group, Modal, NativeSelect, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { messageOf } from '../../api/client';
import { useEnroll, useSequences } from '../../api/sequences';

/** Puts a contact into a follow-up sequence; says why not when the contact is skipped. */
export function EnrollModal({
  contact,
  onClose,
}: {
  contact: { id: string; name: string } | null;
  onClose: () => void;
}) {
  const sequences = useSequences();
  const enroll = useEnroll();
  const [sequenceId, setSequenceId] = useState('');
  const chosen = sequenceId || sequences.data?.[0]?.id || '';
  const submit = () =>
    contact &&
    enroll.mutate(
      { sequenceId: chosen, contactIds: [contact.id] },
      {
        onSuccess: (result) => {
          const skipped = result.skipped[0];
          if (skipped) {
            notifications.show({
              color: 'orange',
              title: `${contact.name} was not added`,
              message: `Not added: ${skipped.reason}.`,
            });
          } else {
            notifications.show({
              title: `${contact.name} is in the sequence`,
              message: 'Its first step is planned.',
            });
          }
          onClose();
        },
      },
    );
  return (
    <Modal
      opened={contact !== null}
      onClose={onClose}
      title={contact ? `Add ${contact.name} to a sequence` : ''}
    >
      {sequences.isSuccess && sequences.data.length === 0 ? (
        <Text size="sm">
          There is no sequence yet: <Link to="/sequences">build one</Link> first.
        </Text>
      ) : (
        <Stack gap="sm">
          <NativeSelect
            label="Sequence"
            value={chosen}
            onChange={(e) => setSequenceId(e.currentTarget.value)}
            data={(sequences.data ?? []).map((s) => ({
              value: s.id,
              label: `${s.name} (${s.steps.length} steps)`,
            }))}
          />
          {enroll.error ? (
            <Alert color="red" variant="light" role="alert">
              {messageOf(enroll.error)}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button onClick={submit} loading={enroll.isPending} disabled={!chosen}>
              Add
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
