/**
 * Where the focus goes back to when the command palette or the quick log closes. Mantine's dialogs
 * record the focused element only after they have rendered, when their own first field already holds
 * the focus, so closing one left the focus on the page body. So whoever opens one of them calls
 * rememberFocus() first, and the dialog calls returnFocus() when it closes. A dialog opened from inside
 * another (the quick log from the palette, which then closes) hands the noted element on: the focus goes
 * back to where the person was before both, when the second one closes.
 */
let origin: HTMLElement | null = null;
/** Dialogs opened from inside another dialog whose closing should leave the focus to them. */
let handedOver = 0;

/** Notes the focused element; from inside a dialog, keeps the element noted when that dialog opened. */
export function rememberFocus(): void {
  const active = document.activeElement;
  if (active?.closest('[role="dialog"]')) {
    handedOver += 1;
    return;
  }
  origin = active instanceof HTMLElement && active !== document.body ? active : null;
  handedOver = 0;
}

/** Gives the focus back to the noted element, if it is still on the page, unless it was handed on. */
export function returnFocus(): void {
  if (handedOver > 0) {
    handedOver -= 1;
    return;
  }
  if (origin?.isConnected) origin.focus({ preventScroll: true });
  origin = null;
}
