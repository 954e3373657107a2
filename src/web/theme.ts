import { type CSSVariablesResolver, createTheme } from '@mantine/core';

/**
 * Kith's look: calm teal, soft radii, the system font stack. Filled colours use shade 9, the first teal
 * that carries white text at WCAG AA (4.5:1) for text under 18 px.
 */
export const theme = createTheme({
  primaryColor: 'teal',
  primaryShade: { light: 9, dark: 8 },
  defaultRadius: 'md',
  fontFamily:
    'Inter, ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '650' },
  cursorType: 'pointer',
});

/**
 * Colours Mantine's defaults leave below AA in the light scheme: secondary ("dimmed") text in gray 6 on
 * white, white on orange 9, and the teal, orange and yellow text of light badges and buttons (due, tiers, Log).
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-orange-filled': '#b54708',
    '--mantine-color-orange-filled-hover': '#9a3c07',
    '--mantine-color-orange-light-color': '#9a3412',
    '--mantine-color-teal-light-color': '#06624a',
    '--mantine-color-yellow-filled': '#8a5a00',
    '--mantine-color-yellow-light-color': '#7c5300',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-6)',
  },
  dark: {},
});

/** Tier badge colours by priority (1 = most important). */
export function tierColor(priority: number): string {
  return ['red', 'orange', 'yellow', 'blue', 'gray'][Math.min(Math.max(priority, 1), 5) - 1] ?? 'gray';
}
