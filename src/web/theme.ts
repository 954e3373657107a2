import { createTheme } from '@mantine/core';

/** Kith's look: calm teal, soft radii, the system font stack. */
export const theme = createTheme({
  primaryColor: 'teal',
  defaultRadius: 'md',
  fontFamily:
    'Inter, ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '650' },
  cursorType: 'pointer',
});

/** Tier badge colours by priority (1 = most important). */
export function tierColor(priority: number): string {
  return ['red', 'orange', 'yellow', 'blue', 'gray'][Math.min(Math.max(priority, 1), 5) - 1] ?? 'gray';
}
