import { MultiSelect } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { type ReactNode, useMemo, useState } from 'react';
import { useContactSearch } from '../api/queries';
import type { PickedContact } from './quick-log-context';

/** Picks one or more contacts by searching the server; the picked ones stay listed while you search on. */
export function ContactPicker({
  value,
  onChange,
  error,
  autoFocus,
  label = 'Contacts',
  isRequired = true,
}: {
  value: PickedContact[];
  onChange: (contacts: PickedContact[]) => void;
  error?: ReactNode;
  autoFocus?: boolean;
  label?: string;
  isRequired?: boolean;
}) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 150);
  const results = useContactSearch(debounced);
  const found = useMemo(
    () =>
      (results.data ?? []).map(
        (c): PickedContact => ({
          id: c.id,
          name: c.name,
          company: c.company?.name ?? null,
          intervalDays: c.intervalDays ?? c.tier?.intervalDays ?? null,
          tierId: c.tier?.id ?? null,
        }),
      ),
    [results.data],
  );
  const known = useMemo(() => {
    const byId = new Map<string, PickedContact>();
    for (const c of [...value, ...found]) if (!byId.has(c.id)) byId.set(c.id, c);
    return byId;
  }, [value, found]);
  const data = [...known.values()].map((c) => ({
    value: c.id,
    label: c.company ? `${c.name} · ${c.company}` : c.name,
  }));

  return (
    <MultiSelect
      label={label}
      placeholder={value.length ? undefined : 'Search by name, email or company'}
      data={data}
      value={value.map((c) => c.id)}
      onChange={(ids) => onChange(ids.map((id) => known.get(id)).filter((c) => c !== undefined))}
      searchable
      // Opened by typing or a click, not by the focus: an open (even empty) list takes the first Escape, so a
      // dialog that focuses the picker as it opens would not close on Escape.
      openOnFocus={false}
      searchValue={search}
      onSearchChange={setSearch}
      // The server already matched fuzzily; filtering again here would hide its typo-tolerant hits.
      filter={({ options }) => options}
      nothingFoundMessage={
        debounced.trim() ? (results.isFetching ? 'Searching…' : 'No contact matches') : 'Type to search'
      }
      error={error}
      autoFocus={autoFocus}
      hidePickedOptions
      maxValues={50}
      required={isRequired}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
