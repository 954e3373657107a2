import { Badge, type MantineSize } from '@mantine/core';
import { tierColor } from '../theme';

/** A contact's tier, coloured by its priority, or an outlined "No tier". */
export function TierBadge({
  tier,
  size,
}: {
  tier: { name: string; priority: number } | null;
  size?: MantineSize;
}) {
  return tier ? (
    <Badge color={tierColor(tier.priority)} variant="light" size={size} radius="sm">
      {tier.name}
    </Badge>
  ) : (
    <Badge color="gray" variant="outline" size={size} radius="sm">
      No tier
    </Badge>
  );
}
