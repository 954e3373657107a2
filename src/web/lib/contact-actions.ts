import { useEffect, useRef } from 'react';

/** What the palette can ask the contact page in view to start. */
export type ContactAction = 'snooze' | 'fact' | 'step';

const EVENT = 'kith:contact-action';

/**
 * Asks the contact page showing contactId to start an action. Sent once the palette has closed and
 * handed the focus back, so the snooze dialog or the form field the action opens keeps it.
 */
export function requestContactAction(contactId: string, action: ContactAction): void {
  setTimeout(() => window.dispatchEvent(new CustomEvent(EVENT, { detail: { contactId, action } })), 0);
}

/** Runs handle when the palette asks this contact's page for an action. */
export function useContactActions(contactId: string, handle: (action: ContactAction) => void): void {
  const latest = useRef(handle);
  latest.current = handle;
  useEffect(() => {
    const listener = (event: Event) => {
      const detail = (event as CustomEvent<{ contactId: string; action: ContactAction }>).detail;
      if (detail.contactId === contactId) latest.current(detail.action);
    };
    window.addEventListener(EVENT, listener);
    return () => window.removeEventListener(EVENT, listener);
  }, [contactId]);
}

/** Focuses a form field by id once it is on the page, scrolling it into view. */
export function focusField(id: string): void {
  const field = document.getElementById(id);
  field?.scrollIntoView({ block: 'center' });
  field?.focus({ preventScroll: true });
}
