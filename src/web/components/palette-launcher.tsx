import { useHotkeys } from '@mantine/hooks';
import { createSpotlight, useSpotlight } from '@mantine/spotlight';
import { lazy, Suspense, useEffect, useState } from 'react';
import { rememberFocus } from '../lib/focus-return';

// The palette (Spotlight and its styles) is not needed to show the first screen, so it loads once the
// browser is idle after start-up, or at once when someone opens it before that.
const CommandPalette = lazy(() => import('./command-palette').then((m) => ({ default: m.CommandPalette })));

/** The palette's open state, shared by the launcher, the header's search button and the palette. */
export const [paletteStore, palette] = createSpotlight();

/** Opens the palette; it gives the focus back where it was when it closes (lib/focus-return.ts). */
export function openPalette(): void {
  rememberFocus();
  palette.open();
}

/** Ctrl/Cmd-K and / open the command palette, which is loaded on first use or when the app is idle. */
export function PaletteLauncher() {
  const { opened } = useSpotlight(paletteStore);
  // Wanted once the browser is idle or someone opens it; from then on it stays mounted, so closing it
  // animates and later openings return the focus.
  const [isWanted, setWanted] = useState(false);
  if (opened && !isWanted) setWanted(true);
  // Ctrl-K works from inside a field too (after typing a fact, say); "/" only outside one, where it is text.
  useHotkeys([['mod+K', openPalette]], []);
  useHotkeys([['/', openPalette]]);
  useEffect(() => {
    if (typeof requestIdleCallback !== 'function') {
      const timer = setTimeout(() => setWanted(true), 1500);
      return () => clearTimeout(timer);
    }
    const handle = requestIdleCallback(() => setWanted(true), { timeout: 3000 });
    return () => cancelIdleCallback(handle);
  }, []);
  if (!isWanted && !opened) return null;
  return (
    <Suspense fallback={null}>
      <CommandPalette />
    </Suspense>
  );
}
