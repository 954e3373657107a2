import { Badge, Button, Group, Menu, Paper, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconCircleCheck, IconTarget } from '@tabler/icons-react';
import { useState } from 'react';
import { messageOf } from '../../api/client';
import {
  type Orphan,
  type Owner,
  type Tier,
  useOrphans,
  useTiers,
  useUndo,
  useUpdateContact,
} from '../../api/queries';
import { AnchorLink } from '../../components/links';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/states';
import { showUndoToast } from '../../components/undo-toast';
import { ago } from '../../lib/dates';
import { tierColor } from '../../theme';
import { NextStepModal } from './next-step-modal';

/** Contacts with no cadence and no next step, each one click away from a plan. */
export function OrphansList({ owner }: { owner: Owner }) {
  const orphans = useOrphans(owner);
  const tiers = useTiers();
  const [planning, setPlanning] = useState<{ id: string; name: string } | null>(null);

  if (orphans.isPending) return <ListSkeleton label="Loading contacts without a plan" />;
  if (orphans.isError) return <ErrorState error={orphans.error} onRetry={() => void orphans.refetch()} />;
  if (orphans.data.items.length === 0) {
    return (
      <EmptyState title="Everyone has a plan" icon={<IconCircleCheck size={30} />}>
        Every contact has a cadence or a next step, so nobody can silently drop out.
      </EmptyState>
    );
  }
  return (
    <>
      <Stack component="ul" gap="sm" p={0} m={0} aria-label="Contacts without a plan">
        {orphans.data.items.map((orphan) => (
          <OrphanRow
            key={orphan.id}
            orphan={orphan}
            tiers={tiers.data ?? []}
            onPlan={() => setPlanning(orphan)}
          />
        ))}
      </Stack>
      <NextStepModal contact={planning} onClose={() => setPlanning(null)} />
    </>
  );
}

function OrphanRow({ orphan, tiers, onPlan }: { orphan: Orphan; tiers: Tier[]; onPlan: () => void }) {
  const update = useUpdateContact();
  const undo = useUndo();
  // mutateAsync: the row leaves the list (and unmounts) as soon as the contact has a tier.
  const giveTier = (tier: Tier) =>
    void update.mutateAsync({ id: orphan.id, tierId: tier.id }).then(
      () =>
        showUndoToast({
          title: `${orphan.name} is now ${tier.name}`,
          message: 'Kith will keep the rhythm.',
          undo: () => undo.contact(orphan.id, { tierId: orphan.tier?.id ?? null }),
          undoneTitle: `${orphan.name} has no plan again`,
        }),
      (error: unknown) =>
        notifications.show({ color: 'red', title: 'Could not set the tier', message: messageOf(error) }),
    );
  const cadenced = tiers.filter((t) => t.intervalDays !== null);
  return (
    <Paper
      component="li"
      withBorder
      radius="md"
      p="md"
      style={{ listStyle: 'none' }}
      aria-label={orphan.name}
    >
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Stack gap={4} miw={0}>
          <Group gap={8} align="baseline" wrap="wrap">
            <AnchorLink
              to="/contacts/$contactId"
              params={{ contactId: orphan.id }}
              fw={650}
              c="var(--mantine-color-text)"
            >
              {orphan.name}
            </AnchorLink>
            {orphan.company && (
              <Text size="sm" c="dimmed">
                {orphan.company.name}
              </Text>
            )}
          </Group>
          <Group gap={6}>
            <Badge size="sm" variant="light" color="gray" radius="sm">
              {orphan.stage}
            </Badge>
            {orphan.tier && (
              <Badge size="sm" variant="outline" color="gray" radius="sm">
                {orphan.tier.name} · no cadence
              </Badge>
            )}
            <Text size="xs" c="dimmed">
              {orphan.lastTouchAt ? `Last touch ${ago(orphan.lastTouchAt)}` : 'Never contacted'}
            </Text>
          </Group>
        </Stack>
        <Group gap={6}>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <Button
                size="xs"
                variant="light"
                rightSection={<IconChevronDown size={14} />}
                loading={update.isPending}
                aria-label={`Give ${orphan.name} a tier`}
              >
                Give a tier
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              {cadenced.length === 0 && <Menu.Label>No tier has a cadence yet</Menu.Label>}
              {cadenced.map((tier) => (
                <Menu.Item
                  key={tier.id}
                  onClick={() => giveTier(tier)}
                  leftSection={
                    <Badge size="xs" circle color={tierColor(tier.priority)}>
                      {tier.priority}
                    </Badge>
                  }
                >
                  {tier.name} · every {tier.intervalDays} days
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
          <Button
            size="xs"
            variant="default"
            leftSection={<IconTarget size={14} />}
            onClick={onPlan}
            aria-label={`Plan a next step with ${orphan.name}`}
          >
            Next step
          </Button>
        </Group>
      </Group>
    </Paper>
  );
}
