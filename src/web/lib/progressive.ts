import { startTransition, useEffect, useState } from 'react';

/**
 * Renders the first `first` items of a long list at once and the rest in a transition, which a key
 * press or a click interrupts, so the top of the list shows and answers input sooner. Rows already
 * shown stay shown when more arrive (Load more); a new `listKey` (other filters, another day) starts
 * from `first` again.
 */
export function useProgressiveList<T>(items: T[], first: number, listKey: string) {
  const [state, setState] = useState({ listKey, count: first });
  const count = state.listKey === listKey ? state.count : first;
  useEffect(() => {
    if (count < items.length) startTransition(() => setState({ listKey, count: items.length }));
  }, [count, items.length, listKey]);
  const shown = count >= items.length ? items : items.slice(0, count);
  return { shown, isComplete: shown.length === items.length };
}
