import { Badge, type MantineSize } from '@mantine/core';

/** The number of follow-ups persistence aims for (reports/attempts.ts GOAL). */
const GOAL = 5;

/**
 * An open lead's follow-ups since it last answered: "Not followed up yet", "Attempt 3 of 5", then "7 attempts"
 * past the fifth, in teal once the fifth is made. Nothing for a contact that is not an open lead (null).
 */
export function AttemptsBadge({
  attempts,
  size,
}: {
  attempts: number | null | undefined;
  size?: MantineSize;
}) {
  if (typeof attempts !== 'number') return null;
  return (
    <Badge
      color={attempts >= GOAL ? 'teal' : attempts === 0 ? 'orange' : 'blue'}
      variant="light"
      size={size}
      radius="sm"
      title="Outbound attempts since they last answered"
    >
      {attempts === 0
        ? 'Not followed up yet'
        : attempts > GOAL
          ? `${attempts} attempts`
          : `Attempt ${attempts} of ${GOAL}`}
    </Badge>
  );
}
