import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client';
import { keys as appKeys } from './queries';
import type { paths } from './schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

export type Mailbox = Json<paths['/api/mailboxes/{id}']['get']['responses'][200]>;
export type MailboxInput = paths['/api/mailboxes']['post']['requestBody']['content']['application/json'];
export type MailboxPatch =
  paths['/api/mailboxes/{id}']['patch']['requestBody']['content']['application/json'];
export type SyncCounts = Mailbox['counts'];
export type Suggestion = Json<paths['/api/suggested-contacts']['get']['responses'][200]>['items'][number];

const keys = {
  mailboxes: ['mailboxes'] as const,
  suggestions: ['suggested-contacts'] as const,
  suggestionPage: (offset: number) => ['suggested-contacts', offset] as const,
};

/** Synced mail changes timelines, who is due and what is suggested: refresh what shows them. */
function invalidateSynced(client: ReturnType<typeof useQueryClient>) {
  return Promise.all([
    client.invalidateQueries({ queryKey: keys.mailboxes }),
    client.invalidateQueries({ queryKey: keys.suggestions }),
    client.invalidateQueries({ queryKey: appKeys.today }),
    client.invalidateQueries({ queryKey: ['contacts'] }),
  ]);
}

/** The signed-in user's mailboxes; polled while one is syncing or has not synced yet. */
export function useMailboxes() {
  return useQuery({
    queryKey: keys.mailboxes,
    queryFn: () => unwrap(api.GET('/api/mailboxes')).then((r) => r.items),
    refetchInterval: (query) =>
      query.state.data?.some((m) => m.status === 'syncing' || m.lastSyncAt === null) ? 2000 : false,
  });
}

/** Connects a mailbox; the server logs in first and answers 422 naming the field when it cannot. */
export function useConnectMailbox() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: MailboxInput) => unwrap(api.POST('/api/mailboxes', { body })),
    onSuccess: () => invalidateSynced(client),
  });
}

export function useUpdateMailbox() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: MailboxPatch & { id: string }) =>
      unwrap(api.PATCH('/api/mailboxes/{id}', { params: { path: { id } }, body })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.mailboxes }),
  });
}

/** Disconnects a mailbox; the mail it logged stays. */
export function useRemoveMailbox() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/mailboxes/{id}', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.mailboxes }),
  });
}

/** Syncs now and waits for the run, answering its counts. */
export function useSyncMailbox() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(
        api.POST('/api/mailboxes/{id}/sync', { params: { path: { id }, query: { wait: 'true' } } }),
      ) as Promise<Json<paths['/api/mailboxes/{id}/sync']['post']['responses'][200]>>,
    onSettled: () => invalidateSynced(client),
  });
}

const SUGGESTION_PAGE = 50;

/** One page of the signed-in user's suggested contacts, two-way and most frequent first. */
export function useSuggestions(offset = 0) {
  return useQuery({
    queryKey: keys.suggestionPage(offset),
    queryFn: () =>
      unwrap(api.GET('/api/suggested-contacts', { params: { query: { limit: SUGGESTION_PAGE, offset } } })),
    placeholderData: keepPreviousData,
  });
}
export { SUGGESTION_PAGE };

/** Makes a suggestion a contact, with the mail it was seen in. */
export function useAcceptSuggestion() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST('/api/suggested-contacts/{id}/accept', { params: { path: { id } }, body: {} })),
    onSuccess: () => invalidateSynced(client),
  });
}

/** Ignores a suggestion, or its domain; `restore` undoes it. */
export function useIgnoreSuggestion() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, scope, restore }: { id: string; scope: 'address' | 'domain'; restore?: boolean }) =>
      restore
        ? unwrap(
            api.POST('/api/suggested-contacts/{id}/restore', { params: { path: { id } }, body: { scope } }),
          ).then((r) => r.restored)
        : unwrap(
            api.POST('/api/suggested-contacts/{id}/ignore', { params: { path: { id } }, body: { scope } }),
          ).then((r) => r.ignored),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.suggestions }),
  });
}

export type OutboxItem = Json<paths['/api/outbox']['get']['responses'][200]>['items'][number];
export type EmailInput = paths['/api/emails']['post']['requestBody']['content']['application/json'];
export type OutboxStatus = NonNullable<OutboxItem['status']>;
const OUTBOX_PAGE = 50;

export { OUTBOX_PAGE };

/** The signed-in user's emails, newest first; polled while one waits to go out. */
export function useOutbox(status: OutboxStatus | null, offset = 0) {
  return useQuery({
    queryKey: ['outbox', status, offset] as const,
    queryFn: () =>
      unwrap(
        api.GET('/api/outbox', {
          params: { query: { limit: OUTBOX_PAGE, offset, ...(status ? { status } : {}) } },
        }),
      ),
    placeholderData: keepPreviousData,
    refetchInterval: (query) =>
      query.state.data?.items.some((i) => i.status === 'queued' || i.status === 'sending') ? 2000 : false,
  });
}

/** Sends one email through the outbox: it is queued at once and goes out in the background. */
export function useSendEmail() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: EmailInput) => unwrap(api.POST('/api/emails', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['outbox'] }),
  });
}
