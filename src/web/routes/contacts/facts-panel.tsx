import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Paper,
  Popover,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconBell, IconCheck, IconEdit, IconTrash, IconX } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { FactInput } from '../../../shared/fact-input.ts';
import { type Fact, useFacts, useFactWrites } from '../../api/contacts';
import { ErrorState, ListSkeleton } from '../../components/states';
import { addDays, formatDay, todayIso } from '../../lib/dates';
import { useFormProblems } from '../../lib/use-form-problems';

/** Personal details worth remembering; one with a remind date comes up as a talking point on Today. */
export function FactsPanel({ contactId }: { contactId: string }) {
  const facts = useFacts(contactId);
  const writes = useFactWrites(contactId);
  const [editing, setEditing] = useState<string | null>(null);

  return (
    <Paper withBorder radius="lg" p="md" component="section" aria-labelledby="facts-heading">
      <Title order={2} size="h5" mb="sm" id="facts-heading">
        Facts
      </Title>
      {facts.isPending ? (
        <ListSkeleton rows={2} label="Loading facts" />
      ) : facts.isError ? (
        <ErrorState error={facts.error} onRetry={() => void facts.refetch()} />
      ) : (
        <Stack gap="sm">
          {facts.data.length === 0 ? (
            <Text size="sm" c="dimmed">
              Nothing noted yet: children's names, a hobby, a trip coming up.
            </Text>
          ) : (
            <Stack component="ul" gap="sm" p={0} m={0} aria-label="Facts">
              {facts.data.map((fact) =>
                editing === fact.id ? (
                  <FactEditor
                    key={fact.id}
                    contactId={contactId}
                    fact={fact}
                    onDone={() => setEditing(null)}
                  />
                ) : (
                  <FactRow
                    key={fact.id}
                    fact={fact}
                    onEdit={() => setEditing(fact.id)}
                    onDelete={() => writes.remove.mutate(fact.id)}
                  />
                ),
              )}
            </Stack>
          )}
          <FactEditor contactId={contactId} />
        </Stack>
      )}
    </Paper>
  );
}

function FactRow({ fact, onEdit, onDelete }: { fact: Fact; onEdit: () => void; onDelete: () => void }) {
  const today = todayIso();
  const isNear =
    fact.remindOn !== null && fact.remindOn >= addDays(today, -7) && fact.remindOn <= addDays(today, 7);
  return (
    <Group
      component="li"
      gap="xs"
      wrap="nowrap"
      align="flex-start"
      style={{ listStyle: 'none' }}
      aria-label={fact.text}
    >
      <Stack gap={2} style={{ flex: 1 }} miw={0}>
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {fact.text}
        </Text>
        {fact.remindOn && (
          <Badge
            size="xs"
            radius="sm"
            variant={isNear ? 'light' : 'default'}
            color={isNear ? 'violet' : 'gray'}
            leftSection={<IconBell size={10} />}
            tt="none"
          >
            Remind {formatDay(fact.remindOn)}
          </Badge>
        )}
      </Stack>
      <ActionIcon variant="subtle" color="gray" onClick={onEdit} aria-label={`Edit fact: ${fact.text}`}>
        <IconEdit size={16} />
      </ActionIcon>
      <ConfirmDelete what={`fact: ${fact.text}`} onConfirm={onDelete} />
    </Group>
  );
}

/** A small "are you sure?" next to a delete button. */
export function ConfirmDelete({ what, onConfirm }: { what: string; onConfirm: () => void }) {
  const [opened, setOpened] = useState(false);
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" withinPortal trapFocus>
      <Popover.Target>
        <ActionIcon
          variant="subtle"
          color="gray"
          onClick={() => setOpened((o) => !o)}
          aria-label={`Delete ${what}`}
        >
          <IconTrash size={16} />
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <Text size="sm">Delete this?</Text>
          <Group gap={6}>
            <Button size="compact-sm" variant="default" onClick={() => setOpened(false)}>
              Keep
            </Button>
            <Button
              size="compact-sm"
              color="red"
              onClick={() => {
                setOpened(false);
                onConfirm();
              }}
            >
              Delete
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

/** The new-fact field's id, which the palette's "Add a fact" focuses. */
export const ADD_FACT_FIELD = 'add-fact-text';

/** Adds a fact, or edits one in place when given it. */
function FactEditor({ contactId, fact, onDone }: { contactId: string; fact?: Fact; onDone?: () => void }) {
  const writes = useFactWrites(contactId);
  const [text, setText] = useState(fact?.text ?? '');
  const [remindOn, setRemindOn] = useState(fact?.remindOn ?? '');
  const mutation = fact ? writes.patch : writes.add;
  // Checked as a new fact: an edit has the same rules, with a cleared reminder sent as null.
  const value = { text, ...(remindOn ? { remindOn } : {}) };
  const labels = { text: fact ? 'Fact' : 'New fact', remindOn: 'Remind on' };
  const form = useFormProblems({ schema: FactInput, value, labels, error: mutation.error });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!form.check(event.currentTarget)) return;
    const done = () => {
      setText('');
      setRemindOn('');
      form.reset();
      onDone?.();
    };
    if (fact) writes.patch.mutate({ id: fact.id, text, remindOn: remindOn || null }, { onSuccess: done });
    else writes.add.mutate(value, { onSuccess: done });
  };

  return (
    <form onSubmit={submit} noValidate aria-label={fact ? 'Edit fact' : 'Add a fact'}>
      <Stack gap={6}>
        <TextInput
          id={fact ? undefined : ADD_FACT_FIELD}
          label={fact ? 'Fact' : 'New fact'}
          placeholder="e.g. Daughter starts university in September"
          value={text}
          onChange={(e) => {
            setText(e.currentTarget.value);
            form.touch('text');
          }}
          error={form.msg('text') ?? form.unplaced ?? undefined}
          data-field="text"
          size="sm"
          data-autofocus={fact ? true : undefined}
        />
        <Group gap={6} align="flex-end" wrap="nowrap">
          <TextInput
            type="date"
            label="Remind on (optional)"
            value={remindOn}
            onChange={(e) => {
              setRemindOn(e.currentTarget.value);
              form.touch('remindOn');
            }}
            error={form.msg('remindOn')}
            data-field="remindOn"
            size="sm"
            style={{ flex: 1 }}
          />
          {fact ? (
            <>
              <ActionIcon type="submit" size="lg" loading={mutation.isPending} aria-label="Save fact">
                <IconCheck size={16} />
              </ActionIcon>
              <ActionIcon variant="default" size="lg" onClick={onDone} aria-label="Cancel editing">
                <IconX size={16} />
              </ActionIcon>
            </>
          ) : (
            <Button type="submit" size="sm" variant="light" loading={mutation.isPending}>
              Add fact
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}
