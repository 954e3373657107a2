import { Badge, Button, Group, Kbd, Pagination, Paper, Stack, Text, Title } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconUserPlus } from '@tabler/icons-react';
import { createLazyRoute, Link } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { messageOf } from '../../api/client';
import {
  SUGGESTION_PAGE,
  type Suggestion,
  useAcceptSuggestion,
  useIgnoreSuggestion,
  useSuggestions,
} from '../../api/mailboxes';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/states';
import { showUndoToast } from '../../components/undo-toast';
import { ago } from '../../lib/dates';

/** Suggested contacts: the people your mail is with who are not contacts yet. */
export const suggestionsLazyRoute = createLazyRoute('/app/suggestions')({ component: SuggestionsPage });

const domainOf = (email: string) => email.slice(email.indexOf('@') + 1);

function SuggestionsPage() {
  const [page, setPage] = useState(1);
  const list = useSuggestions((page - 1) * SUGGESTION_PAGE);
  const accept = useAcceptSuggestion();
  const ignore = useIgnoreSuggestion();
  const [selected, setSelected] = useState(0);
  const items = list.data?.items ?? [];
  useEffect(() => {
    if (selected >= items.length && items.length > 0) setSelected(items.length - 1);
  }, [items.length, selected]);
  const isBusy = accept.isPending || ignore.isPending;

  const acceptOne = (s: Suggestion) =>
    accept.mutate(s.id, {
      onSuccess: (contact) =>
        notifications.show({
          title: `Added ${contact.name}`,
          message: `${s.messageCount} ${s.messageCount === 1 ? 'message is' : 'messages are'} on their timeline now.`,
        }),
      onError: (error) =>
        notifications.show({ color: 'red', title: 'Could not add', message: messageOf(error) }),
    });
  const ignoreOne = (s: Suggestion, scope: 'address' | 'domain') =>
    ignore.mutate(
      { id: s.id, scope },
      {
        onSuccess: (changed) =>
          showUndoToast({
            title: scope === 'domain' ? `Ignoring everyone at ${domainOf(s.email)}` : `Ignored ${s.email}`,
            message:
              scope === 'domain'
                ? `${changed.length} suggested; their mail will not be logged or suggested again.`
                : undefined,
            undo: () => ignore.mutateAsync({ id: s.id, scope, restore: true }),
            undoneTitle: 'Suggestion back',
          }),
        onError: (error) =>
          notifications.show({ color: 'red', title: 'Could not ignore', message: messageOf(error) }),
      },
    );
  const when = (act: (s: Suggestion) => void) => () => {
    const current = items[selected];
    if (current && !isBusy) act(current);
  };
  useHotkeys([
    ['j', () => setSelected((i) => Math.min(i + 1, items.length - 1))],
    ['k', () => setSelected((i) => Math.max(i - 1, 0))],
    ['a', when(acceptOne)],
    ['i', when((s) => ignoreOne(s, 'address'))],
    ['d', when((s) => ignoreOne(s, 'domain'))],
  ]);
  useEffect(() => {
    document
      .querySelector<HTMLElement>(`[data-suggestion-index="${selected}"]`)
      ?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  return (
    <Stack maw={960} mx="auto" gap="lg">
      <div>
        <Title order={1} size="h2">
          Suggested contacts
        </Title>
        <Text c="dimmed" size="sm" maw={640}>
          People your synced mail is with who are not contacts yet: people you both wrote to first, then the
          most frequent. Adding one logs their mail on their timeline. Nobody becomes a contact without you.
        </Text>
        <Text c="dimmed" size="xs" mt={4}>
          Keys: <Kbd size="xs">j</Kbd> <Kbd size="xs">k</Kbd> move, <Kbd size="xs">a</Kbd> add,{' '}
          <Kbd size="xs">i</Kbd> ignore, <Kbd size="xs">d</Kbd> ignore the whole domain
        </Text>
      </div>
      {list.isPending ? (
        <ListSkeleton label="Loading suggestions" />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title="No suggestions" icon={<IconUserPlus size={30} />}>
          When a mailbox syncs, people you correspond with who are not contacts show up here.{' '}
          <Link to="/settings/capture">Connect a mailbox</Link>
        </EmptyState>
      ) : (
        <>
          <Stack component="ul" gap="xs" p={0} m={0} aria-label="Suggested contacts">
            {items.map((s, i) => (
              <SuggestionRow
                key={s.id}
                suggestion={s}
                index={i}
                isSelected={i === selected}
                isBusy={isBusy}
                onSelect={() => setSelected(i)}
                onAccept={() => acceptOne(s)}
                onIgnore={(scope) => ignoreOne(s, scope)}
              />
            ))}
          </Stack>
          {list.data.total > SUGGESTION_PAGE && (
            <Pagination
              total={Math.ceil(list.data.total / SUGGESTION_PAGE)}
              value={page}
              onChange={setPage}
              aria-label="Pages of suggestions"
            />
          )}
        </>
      )}
    </Stack>
  );
}

function SuggestionRow(props: {
  suggestion: Suggestion;
  index: number;
  isSelected: boolean;
  isBusy: boolean;
  onSelect: () => void;
  onAccept: () => void;
  onIgnore: (scope: 'address' | 'domain') => void;
}) {
  const { suggestion: s } = props;
  return (
    <Paper
      component="li"
      withBorder
      radius="md"
      p="sm"
      style={{
        listStyle: 'none',
        outline: props.isSelected ? '2px solid var(--mantine-color-blue-5)' : undefined,
      }}
      aria-label={s.name ? `${s.name} <${s.email}>` : s.email}
      aria-current={props.isSelected ? 'true' : undefined}
      data-suggestion-index={props.index}
      onClick={props.onSelect}
    >
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Stack gap={2} miw={0} style={{ flex: '1 1 240px' }}>
          <Group gap={8} wrap="wrap">
            <Text fw={600} size="sm">
              {s.name ?? s.email}
            </Text>
            {s.twoWay && (
              <Badge variant="light" color="green" tt="none">
                You both wrote
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {s.name ? `${s.email} · ` : ''}
            {s.messageCount} {s.messageCount === 1 ? 'message' : 'messages'} ({s.inboundCount} from them,{' '}
            {s.outboundCount} from you) · last {ago(s.lastSeenAt)}
          </Text>
        </Stack>
        <Group gap="xs">
          <Button size="xs" onClick={props.onAccept} disabled={props.isBusy}>
            Add as contact
          </Button>
          <Button
            size="xs"
            variant="default"
            onClick={() => props.onIgnore('address')}
            disabled={props.isBusy}
          >
            Ignore
          </Button>
          <Button
            size="xs"
            variant="subtle"
            color="gray"
            onClick={() => props.onIgnore('domain')}
            disabled={props.isBusy}
          >
            Ignore {domainOf(s.email)}
          </Button>
        </Group>
      </Group>
    </Paper>
  );
}
