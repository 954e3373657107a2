import '@mantine/spotlight/styles.css';
import { useDebouncedValue } from '@mantine/hooks';
import { Spotlight } from '@mantine/spotlight';
import { IconBuilding, IconSearch, IconUser } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { useCompanySearch, useContactSearch } from '../api/queries';
import { returnFocus } from '../lib/focus-return';
import { usePaletteCommands } from './palette-commands';
import { paletteStore } from './palette-launcher';

/** The palette's result list, found as Spotlight finds it (by the id it registers). */
function resultList(): HTMLElement | null {
  const { listId } = paletteStore.getState();
  return listId ? document.getElementById(listId) : null;
}

/**
 * Marks the first result as selected when none is, so Enter opens it. Spotlight selects the first
 * action only as the query changes, which is before search results arrive.
 */
function selectFirstResult(): HTMLElement | null {
  const list = resultList();
  const selected = list?.querySelector<HTMLElement>('[data-selected]');
  if (selected) return selected;
  const first = list?.querySelector<HTMLElement>('[data-action]');
  if (!first) return null;
  first.setAttribute('data-selected', 'true');
  paletteStore.setState({ ...paletteStore.getState(), selected: 0 });
  return first;
}

/** Ctrl/Cmd-K: go anywhere, create, log, act on the contact in view, or find a contact or company. */
export function CommandPalette() {
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query, 150);
  const navigate = useNavigate();
  const contacts = useContactSearch(debounced);
  const companies = useCompanySearch(debounced);
  const commands = usePaletteCommands();
  // Enter pressed before the search answered: open the first result once it does.
  const pendingEnter = useRef(false);

  const needle = query.trim().toLowerCase();
  const matching = commands.filter((c) => !needle || c.label.toLowerCase().includes(needle));
  const people = needle ? (contacts.data ?? []) : [];
  const firms = needle ? (companies.data ?? []) : [];
  const isSearching =
    needle !== debounced.trim().toLowerCase() || contacts.isFetching || companies.isFetching;
  const shown = [...matching.map((c) => c.id), ...people.map((p) => p.id), ...firms.map((c) => c.id)].join();

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the shown results change
  useEffect(() => {
    const first = selectFirstResult();
    if (first && pendingEnter.current && !isSearching) {
      pendingEnter.current = false;
      first.click();
    }
  }, [shown, isSearching]);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    pendingEnter.current = !resultList()?.querySelector('[data-selected]') && isSearching;
  };

  return (
    <Spotlight.Root
      query={query}
      onQueryChange={setQuery}
      store={paletteStore}
      shortcut={null}
      scrollable
      maxHeight={420}
      returnFocus={false}
      onSpotlightClose={() => {
        setQuery('');
        pendingEnter.current = false;
        returnFocus();
      }}
    >
      <Spotlight.Search
        placeholder="Search contacts or type a command…"
        aria-label="Search contacts or type a command"
        leftSection={<IconSearch size={18} stroke={1.6} />}
        onKeyDown={onKeyDown}
      />
      <Spotlight.ActionsList aria-label="Results">
        {matching.length > 0 && (
          <Spotlight.ActionsGroup label="Commands">
            {matching.map((c) => (
              <Spotlight.Action
                key={c.id}
                label={c.label}
                description={c.description}
                leftSection={c.icon}
                onClick={c.run}
              />
            ))}
          </Spotlight.ActionsGroup>
        )}
        {people.length > 0 && (
          <Spotlight.ActionsGroup label="Contacts">
            {people.map((p) => (
              <Spotlight.Action
                key={p.id}
                label={p.name}
                description={[p.title, p.company?.name].filter(Boolean).join(' · ') || undefined}
                leftSection={<IconUser size={18} />}
                onClick={() => void navigate({ to: '/contacts/$contactId', params: { contactId: p.id } })}
              />
            ))}
          </Spotlight.ActionsGroup>
        )}
        {firms.length > 0 && (
          <Spotlight.ActionsGroup label="Companies">
            {firms.map((c) => (
              <Spotlight.Action
                key={c.id}
                label={c.name}
                description={`Company · ${c.contactCount} contact${c.contactCount === 1 ? '' : 's'}`}
                leftSection={<IconBuilding size={18} />}
                onClick={() => void navigate({ to: '/companies/$companyId', params: { companyId: c.id } })}
              />
            ))}
          </Spotlight.ActionsGroup>
        )}
        {matching.length === 0 && people.length === 0 && firms.length === 0 && (
          <Spotlight.Empty>
            {isSearching ? 'Searching…' : `Nothing matches “${query.trim()}”`}
          </Spotlight.Empty>
        )}
      </Spotlight.ActionsList>
    </Spotlight.Root>
  );
}
