import { Button, Group, Modal, Radio, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { ApiError, messageOf } from '../../api/client';
import type { Tier } from '../../api/queries';
import { useDeleteTier } from '../../api/tiers';

/** Asks before deleting a tier, and where its contacts go when it still holds some. */
export function DeleteTierModal({
  tier,
  tiers,
  onClose,
}: {
  tier: Tier | null;
  tiers: Tier[];
  onClose: () => void;
}) {
  return (
    <Modal opened={tier !== null} onClose={onClose} title={tier ? `Delete ${tier.name}?` : ''}>
      {tier && <DeleteTierForm key={tier.id} tier={tier} tiers={tiers} onDone={onClose} />}
    </Modal>
  );
}

/** The other tier nearest in priority: the least surprising home for the contacts. */
function nearest(tier: Tier, others: Tier[]): string {
  const sorted = [...others].sort(
    (a, b) => Math.abs(a.priority - tier.priority) - Math.abs(b.priority - tier.priority),
  );
  return sorted[0]?.id ?? 'none';
}

function DeleteTierForm({ tier, tiers, onDone }: { tier: Tier; tiers: Tier[]; onDone: () => void }) {
  const others = tiers.filter((t) => t.id !== tier.id);
  const remove = useDeleteTier();
  // The count can be stale; a 409 from the server means the tier holds contacts after all.
  const isConflict = remove.error instanceof ApiError && remove.error.status === 409;
  const mustChoose = tier.contactCount > 0 || isConflict;
  const [moveTo, setMoveTo] = useState(() => nearest(tier, others));
  const error = remove.error instanceof ApiError ? remove.error : null;
  const moveError = error?.fieldMessage('query.moveTo');

  const submit = () =>
    remove.mutate(
      { id: tier.id, moveTo: mustChoose ? moveTo : undefined },
      {
        onSuccess: () => {
          const target = others.find((t) => t.id === moveTo);
          notifications.show({
            title: `Deleted ${tier.name}`,
            message: !mustChoose
              ? ''
              : target
                ? `Its contacts are now ${target.name}`
                : 'Its contacts have no tier now',
          });
          onDone();
        },
      },
    );

  return (
    <Stack gap="md">
      {mustChoose ? (
        <Radio.Group
          label={
            tier.contactCount > 0
              ? `${tier.name} still holds ${tier.contactCount} contacts. Where should they go?`
              : `${tier.name} still holds contacts. Where should they go?`
          }
          value={moveTo}
          onChange={setMoveTo}
          error={isConflict ? undefined : moveError}
        >
          <Stack gap="xs" mt="xs">
            {others.map((t) => (
              <Radio key={t.id} value={t.id} label={`Move them to ${t.name}`} />
            ))}
            <Radio value="none" label="Leave them without a tier" />
          </Stack>
        </Radio.Group>
      ) : (
        <Text size="sm">Nobody is in {tier.name}, so nothing else changes.</Text>
      )}
      {error && !isConflict && !moveError && (
        <Text size="sm" c="red.7" role="alert">
          {messageOf(error)}
        </Text>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          Cancel
        </Button>
        <Button color="red" onClick={submit} loading={remove.isPending}>
          Delete tier
        </Button>
      </Group>
    </Stack>
  );
}
