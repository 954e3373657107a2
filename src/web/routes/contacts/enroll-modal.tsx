import { Alert, Button, Group, Modal, NativeSelect, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { messageOf } from '../../api/client';
import { useEnroll, useSequences } from '../../api/sequences';

/** Puts contacts into a follow-up sequence; says who was skipped, and why. */
export function EnrollModal({
  contacts,
  onClose,
}: {
  contacts: { id: string; name: string }[] | null;
  onClose: () => void;
}) {
  const sequences = useSequences();
  const enroll = useEnroll();
  const [sequenceId, setSequenceId] = useState('');
  const chosen = sequenceId || sequences.data?.[0]?.id || '';
  const one = contacts?.length === 1 ? contacts[0] : undefined;
  const who = one ? one.name : `${contacts?.length ?? 0} contacts`;
  const submit = () =>
    contacts &&
    enroll.mutate(
      { sequenceId: chosen, contactIds: contacts.map((c) => c.id) },
      {
        onSuccess: (result) => {
          const reasons = [...new Set(result.skipped.map((s) => s.reason))].join('; ');
          if (result.enrolled.length === 0) {
            notifications.show({
              color: 'orange',
              title: `${who}: not added`,
              message: `Skipped: ${reasons}.`,
            });
          } else {
            notifications.show({
              title: one
                ? `${one.name} is in the sequence`
                : `${result.enrolled.length} added to the sequence`,
              message: result.skipped.length
                ? `${result.skipped.length} skipped: ${reasons}.`
                : 'Their first step is planned.',
            });
          }
          onClose();
        },
      },
    );
  return (
    <Modal opened={contacts !== null} onClose={onClose} title={contacts ? `Add ${who} to a sequence` : ''}>
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
