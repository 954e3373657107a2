import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { rememberFocus } from '../lib/focus-return';

/** A contact as the quick log knows it: enough to show it and to offer its tier's interval. */
export type PickedContact = {
  id: string;
  name: string;
  company?: string | null;
  intervalDays?: number | null;
  /** The contact's tier, so the dialog knows its rules; undefined when the opener did not know it. */
  tierId?: string | null;
};

type QuickLogState = { opened: boolean; contacts: PickedContact[]; session: number };

type QuickLogApi = {
  state: QuickLogState;
  open: (preset?: { contacts?: PickedContact[] }) => void;
  close: () => void;
};

const QuickLogContext = createContext<QuickLogApi | null>(null);

/** Holds whether the quick log is open and whom it is for, so any screen can open it. */
export function QuickLogProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<QuickLogState>({ opened: false, contacts: [], session: 0 });
  const open = useCallback((preset?: { contacts?: PickedContact[] }) => {
    rememberFocus();
    // A new session number remounts the form, so each opening starts clean with its preset.
    setState((s) => ({ opened: true, contacts: preset?.contacts ?? [], session: s.session + 1 }));
  }, []);
  const close = useCallback(() => setState((s) => ({ ...s, opened: false })), []);
  const value = useMemo(() => ({ state, open, close }), [state, open, close]);
  return <QuickLogContext.Provider value={value}>{children}</QuickLogContext.Provider>;
}

/** Open or close the quick log from anywhere inside the app shell. */
export function useQuickLog(): QuickLogApi {
  const value = useContext(QuickLogContext);
  if (!value) throw new Error('useQuickLog must be used inside QuickLogProvider');
  return value;
}
