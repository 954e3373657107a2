import { ActionIcon, Badge, Button, Group, Paper, Stack, Text, Title, Tooltip } from '@mantine/core';
import {
  IconAdjustmentsHorizontal,
  IconPencil,
  IconPlus,
  IconRepeat,
  IconTarget,
  IconTrash,
  IconUsers,
} from '@tabler/icons-react';
import { createLazyRoute } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { type Tier, useTiers } from '../../api/queries';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/states';
import { tierColor } from '../../theme';
import { DeleteTierModal } from './delete-tier-modal';
import { CHANNEL_LABEL, intervalText, PRIORITY_LABEL } from './labels';
import { TierFormModal } from './tier-form';

export const tiersLazyRoute = createLazyRoute('/app/settings/tiers')({ component: TiersPage });

type Editing = { tier: Tier | null } | null;

function TiersPage() {
  const tiers = useTiers();
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<Tier | null>(null);

  return (
    <Stack maw={960} mx="auto" gap="lg">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <div>
          <Title order={1} size="h2">
            Tiers
          </Title>
          <Text c="dimmed" size="sm" maw={560}>
            The rating scale: how important each contact is and how often to get in touch. Changing an
            interval moves every due date in the tier.
          </Text>
        </div>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing({ tier: null })}>
          Add tier
        </Button>
      </Group>
      {tiers.isPending ? (
        <ListSkeleton label="Loading tiers" rows={4} />
      ) : tiers.isError ? (
        <ErrorState error={tiers.error} onRetry={() => void tiers.refetch()} />
      ) : tiers.data.length === 0 ? (
        <Paper withBorder radius="lg">
          <EmptyState title="No tiers yet" icon={<IconAdjustmentsHorizontal size={30} />}>
            Add a tier such as "A (key), every 14 days" and give contacts a tier to put them on Today.
          </EmptyState>
        </Paper>
      ) : (
        <Stack component="ul" gap="sm" p={0} m={0} aria-label="Tiers">
          {tiers.data.map((tier) => (
            <TierRow
              key={tier.id}
              tier={tier}
              onEdit={() => setEditing({ tier })}
              onDelete={() => setDeleting(tier)}
            />
          ))}
        </Stack>
      )}
      <TierFormModal
        opened={editing !== null}
        tier={editing?.tier ?? null}
        onClose={() => setEditing(null)}
      />
      <DeleteTierModal tier={deleting} tiers={tiers.data ?? []} onClose={() => setDeleting(null)} />
    </Stack>
  );
}

function TierRow({ tier, onEdit, onDelete }: { tier: Tier; onEdit: () => void; onDelete: () => void }) {
  return (
    <Paper component="li" withBorder radius="md" p="md" aria-label={tier.name} style={{ listStyle: 'none' }}>
      <Group justify="space-between" align="center" wrap="nowrap" gap="sm">
        <Stack gap={8} miw={0} style={{ flex: 1 }}>
          <Group gap={8} wrap="wrap" align="center">
            <Badge color={tierColor(tier.priority)} variant="light" size="lg" radius="sm" tt="none">
              {tier.name}
            </Badge>
            <Text size="sm" c="dimmed">
              Priority {tier.priority} · {PRIORITY_LABEL[tier.priority] ?? ''}
            </Text>
          </Group>
          <Group gap="md" wrap="wrap" style={{ rowGap: 4 }}>
            <Fact icon={<IconRepeat size={16} stroke={1.7} />}>
              {intervalText(tier.intervalDays)}
              {tier.channel !== 'any' ? ` · ${CHANNEL_LABEL[tier.channel]}` : ''}
            </Fact>
            <Fact icon={<IconUsers size={16} stroke={1.7} />}>
              {tier.contactCount === 1 ? '1 contact' : `${tier.contactCount} contacts`}
            </Fact>
            {tier.requireNextStep && (
              <Fact icon={<IconTarget size={16} stroke={1.7} />}>Requires a next step</Fact>
            )}
          </Group>
        </Stack>
        <Group gap={6} wrap="nowrap">
          <Button
            size="xs"
            variant="default"
            leftSection={<IconPencil size={14} />}
            onClick={onEdit}
            aria-label={`Edit ${tier.name}`}
            visibleFrom="xs"
          >
            Edit
          </Button>
          <ActionIcon
            variant="default"
            size="lg"
            onClick={onEdit}
            aria-label={`Edit ${tier.name}`}
            hiddenFrom="xs"
          >
            <IconPencil size={16} />
          </ActionIcon>
          <Tooltip label="Delete tier">
            <ActionIcon
              variant="subtle"
              color="red"
              size="lg"
              onClick={onDelete}
              aria-label={`Delete ${tier.name}`}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>
    </Paper>
  );
}

function Fact({ icon, children }: { icon: ReactNode; children: ReactNode }) {
  return (
    <Group gap={6} wrap="nowrap" c="dimmed">
      {icon}
      <Text size="sm" c="var(--mantine-color-text)">
        {children}
      </Text>
    </Group>
  );
}
