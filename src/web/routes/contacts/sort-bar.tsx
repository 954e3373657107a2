import { ActionIcon, Group, NativeSelect, Text, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconSelector } from '@tabler/icons-react';
import { CONTACT_SORTS, type ContactSort } from '../../api/contacts';

export const SORT_LABEL: Record<ContactSort, string> = {
  name: 'Name',
  company: 'Company',
  tier: 'Tier',
  lastTouch: 'Last touch',
  nextDue: 'Next due',
  owner: 'Owner',
};

type Order = { sort: ContactSort; dir: 'asc' | 'desc' };

/**
 * The list's sortable columns: on a wide screen a header of column buttons (a second click turns the
 * order round), on a phone a select and a direction button. Search ranks by match instead.
 */
export function SortBar({ order, onChange }: { order: Order; onChange: (order: Order) => void }) {
  const pick = (sort: ContactSort) =>
    onChange({ sort, dir: sort === order.sort && order.dir === 'asc' ? 'desc' : 'asc' });
  const Arrow = order.dir === 'asc' ? IconArrowUp : IconArrowDown;
  return (
    <>
      <Group gap={4} visibleFrom="sm" role="group" aria-label="Sort by" wrap="nowrap">
        <Text size="xs" c="dimmed" mr={4}>
          Sort by
        </Text>
        {CONTACT_SORTS.map((sort) => {
          const isCurrent = sort === order.sort;
          const Icon = isCurrent ? Arrow : IconSelector;
          return (
            <UnstyledButton
              key={sort}
              onClick={() => pick(sort)}
              aria-pressed={isCurrent}
              aria-label={`Sort by ${SORT_LABEL[sort].toLowerCase()}${isCurrent ? (order.dir === 'asc' ? ', ascending' : ', descending') : ''}`}
              px={8}
              py={4}
              style={{
                borderRadius: 6,
                fontSize: 'var(--mantine-font-size-xs)',
                fontWeight: isCurrent ? 650 : 450,
                background: isCurrent ? 'var(--mantine-color-default-hover)' : undefined,
                display: 'inline-flex',
                alignItems: 'center',
                gap: 4,
              }}
            >
              {SORT_LABEL[sort]}
              <Icon size={12} aria-hidden />
            </UnstyledButton>
          );
        })}
      </Group>
      <Group gap={6} hiddenFrom="sm" wrap="nowrap">
        <NativeSelect
          aria-label="Sort by"
          size="sm"
          data={CONTACT_SORTS.map((s) => ({ value: s, label: SORT_LABEL[s] }))}
          value={order.sort}
          onChange={(e) => onChange({ sort: e.currentTarget.value as ContactSort, dir: 'asc' })}
        />
        <ActionIcon
          variant="default"
          size={44}
          onClick={() => onChange({ ...order, dir: order.dir === 'asc' ? 'desc' : 'asc' })}
          aria-label={order.dir === 'asc' ? 'Ascending; show descending' : 'Descending; show ascending'}
        >
          <Arrow size={18} />
        </ActionIcon>
      </Group>
    </>
  );
}
