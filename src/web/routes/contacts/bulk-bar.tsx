import { Button, Group, Menu, Paper, Popover, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconRoute, IconTag, IconUserShare, IconX } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { z } from 'zod';
import { Tag } from '../../../shared/contact-input.ts';
import { messageOf } from '../../api/client';
import { type BulkSet, useBulkContacts, useUsers } from '../../api/contacts';
import { useTiers } from '../../api/queries';
import { useFormProblems } from '../../lib/use-form-problems';
import { EnrollModal } from './enroll-modal';

/** The tag to add, by the API's rule for one tag. */
const TagInput = z.object({ tag: Tag });
const TAG_LABELS = { tag: 'Tag' };

/** Changes for the selected contacts: tier, tag, owner, and a sequence to add them to. */
export function BulkBar({ ids, onClear }: { ids: string[]; onClear: () => void }) {
  const bulk = useBulkContacts();
  const tiers = useTiers();
  const users = useUsers();
  const [tagOpened, setTagOpened] = useState(false);
  const [tag, setTag] = useState('');
  const [enrolling, setEnrolling] = useState(false);
  const count = ids.length;
  // The bulk call's own errors go to a notification; this checks only the tag being typed.
  const tagForm = useFormProblems({ schema: TagInput, value: { tag }, labels: TAG_LABELS, error: null });

  const apply = (set: BulkSet, what: string) =>
    bulk.mutate(
      { ids, set },
      {
        onSuccess: () =>
          notifications.show({ message: `${what} for ${count} contact${count === 1 ? '' : 's'}` }),
        onError: (error) =>
          notifications.show({ color: 'red', title: 'Nothing changed', message: messageOf(error) }),
      },
    );
  const addTag = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!tagForm.check(event.currentTarget)) return;
    const value = tag.trim();
    apply({ addTags: [value] }, `Tagged “${value}”`);
    setTag('');
    tagForm.reset();
    setTagOpened(false);
  };

  return (
    <Paper
      withBorder
      radius="md"
      p="xs"
      px="sm"
      bg="var(--mantine-color-teal-0)"
      role="region"
      aria-label="Bulk actions"
      pos="sticky"
      top={64}
      style={{ zIndex: 5 }}
    >
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Text size="sm" fw={600} aria-live="polite">
          {count} selected
        </Text>
        <Group gap={6} wrap="wrap">
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <Button
                size="xs"
                variant="default"
                rightSection={<IconChevronDown size={14} />}
                loading={bulk.isPending}
              >
                Set tier
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              {(tiers.data ?? []).map((t) => (
                <Menu.Item key={t.id} onClick={() => apply({ tierId: t.id }, `Tier set to ${t.name}`)}>
                  {t.name}
                </Menu.Item>
              ))}
              <Menu.Divider />
              <Menu.Item onClick={() => apply({ tierId: null }, 'Tier removed')}>No tier</Menu.Item>
            </Menu.Dropdown>
          </Menu>
          <Popover opened={tagOpened} onChange={setTagOpened} position="bottom-end" trapFocus withinPortal>
            <Popover.Target>
              <Button
                size="xs"
                variant="default"
                leftSection={<IconTag size={14} />}
                onClick={() => setTagOpened((o) => !o)}
              >
                Add tag
              </Button>
            </Popover.Target>
            <Popover.Dropdown>
              <form onSubmit={addTag} noValidate>
                <Group gap={6} align="flex-end">
                  <TextInput
                    size="xs"
                    label="Tag to add"
                    value={tag}
                    onChange={(e) => {
                      setTag(e.currentTarget.value);
                      tagForm.touch('tag');
                    }}
                    error={tagForm.msg('tag')}
                    data-field="tag"
                  />
                  <Button size="xs" type="submit">
                    Add
                  </Button>
                </Group>
              </form>
            </Popover.Dropdown>
          </Popover>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <Button size="xs" variant="default" leftSection={<IconUserShare size={14} />}>
                Assign owner
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              {(users.data ?? [])
                .filter((u) => u.active)
                .map((u) => (
                  <Menu.Item key={u.id} onClick={() => apply({ ownerId: u.id }, `Assigned to ${u.name}`)}>
                    {u.name}
                  </Menu.Item>
                ))}
            </Menu.Dropdown>
          </Menu>
          <Button
            size="xs"
            variant="default"
            leftSection={<IconRoute size={14} />}
            onClick={() => setEnrolling(true)}
          >
            Add to sequence
          </Button>
          <Button size="xs" variant="subtle" color="gray" leftSection={<IconX size={14} />} onClick={onClear}>
            Clear
          </Button>
        </Group>
      </Group>
      <EnrollModal
        contacts={enrolling ? ids.map((id) => ({ id, name: '' })) : null}
        onClose={() => setEnrolling(false)}
      />
    </Paper>
  );
}
