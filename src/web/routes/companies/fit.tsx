import { Group, Text } from '@mantine/core';
import { IconStar, IconStarFilled } from '@tabler/icons-react';

export const FIT_LABEL: Record<number, string> = {
  1: 'poor fit',
  2: 'weak fit',
  3: 'fair fit',
  4: 'good fit',
  5: 'ideal customer',
};

/** A company's fit as five stars, read out as "Fit 4 of 5"; "Not rated" when it has none. */
export function FitStars({ rating, size = 14 }: { rating: number | null; size?: number }) {
  if (rating === null) {
    return (
      <Text size="sm" c="dimmed">
        Not rated
      </Text>
    );
  }
  return (
    <Group
      gap={1}
      wrap="nowrap"
      role="img"
      aria-label={`Fit ${rating} of 5`}
      title={`Fit ${rating} of 5: ${FIT_LABEL[rating] ?? ''}`}
      c="yellow.6"
    >
      {[1, 2, 3, 4, 5].map((n) =>
        n <= rating ? (
          <IconStarFilled key={n} size={size} aria-hidden />
        ) : (
          <IconStar key={n} size={size} aria-hidden color="var(--mantine-color-gray-4)" />
        ),
      )}
    </Group>
  );
}
