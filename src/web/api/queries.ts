import {
  infiniteQueryOptions,
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { useMemo } from 'react';
import { ApiError, api, unwrap } from './client';
import type { paths } from './schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

export type Me = Json<paths['/api/auth/me']['get']['responses'][200]>;
export type TodayList = Json<paths['/api/today']['get']['responses'][200]>;
export type TodayItem = TodayList['items'][number];
export type Orphan = Json<paths['/api/orphans']['get']['responses'][200]>['items'][number];
export type Tier = Json<paths['/api/tiers']['get']['responses'][200]>['items'][number];
export type LogInput = paths['/api/interactions']['post']['requestBody']['content']['application/json'];
export type LogResult = Json<paths['/api/interactions']['post']['responses'][200]>;
export type InteractionKind = LogInput['kind'];
/** Whose list: mine, the whole team's, or one teammate's (a user id). */
export type Owner = 'me' | 'all' | (string & {});

const TODAY_PAGE = 50;

/** Query keys in one place, so a mutation invalidates exactly what it changed. */
export const keys = {
  me: ['me'] as const,
  meta: ['meta'] as const,
  today: ['today'] as const,
  todayFor: (asOf: string, owner: Owner) => ['today', asOf, owner] as const,
  orphans: (owner: Owner) => ['orphans', owner] as const,
  tiers: ['tiers'] as const,
  contactSearch: (q: string) => ['contacts', 'search', q] as const,
  companySearch: (q: string) => ['companies', 'search', q] as const,
};

/** The signed-in user, or null when signed out (401). */
export function useMe() {
  return useQuery({
    queryKey: keys.me,
    queryFn: async (): Promise<Me | null> => {
      try {
        return await unwrap(api.GET('/api/auth/me'));
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 5 * 60_000,
  });
}

/** Public server facts: the demo login in demo mode. */
export function useMeta() {
  return useQuery({ queryKey: keys.meta, queryFn: () => unwrap(api.GET('/api/meta')), staleTime: Infinity });
}

/** The ranked due list for a day, a page at a time (the best-ranked first); shared by the page and its loader. */
export const todayQueryOptions = (asOf: string, owner: Owner) =>
  infiniteQueryOptions({
    queryKey: keys.todayFor(asOf, owner),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/today', {
          params: { query: { asOf, owner, limit: TODAY_PAGE, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // Fresh for a while, so the page does not fetch again what the route's loader has just fetched;
    // every change made here invalidates it, and a focus after this long fetches it again.
    staleTime: 30_000,
  });

/** Today's list; while another day or owner loads, the previous list stays on screen. */
export function useToday(asOf: string, owner: Owner) {
  return useInfiniteQuery({ ...todayQueryOptions(asOf, owner), placeholderData: keepPreviousData });
}

/** Only owners and admins may look at the whole team's lists. */
export const canSeeTeam = (me: Me | null | undefined): boolean =>
  me?.role === 'owner' || me?.role === 'admin';

/** Whose list a user sees: the one asked for if they may see the team's, else their own. */
export const visibleOwner = (me: Me | null | undefined, owner: Owner): Owner =>
  canSeeTeam(me) ? owner : 'me';

/** Contacts with neither a cadence nor a next step. */
export function useOrphans(owner: Owner, enabled = true) {
  return useQuery({
    queryKey: keys.orphans(owner),
    queryFn: () => unwrap(api.GET('/api/orphans', { params: { query: { owner, limit: 100 } } })),
    enabled,
  });
}

/** The workspace's rating scale, best priority first. */
export function useTiers() {
  return useQuery({
    queryKey: keys.tiers,
    queryFn: async () => {
      const { items } = await unwrap(api.GET('/api/tiers'));
      return [...items].sort((a, b) => a.priority - b.priority);
    },
    staleTime: 60_000,
  });
}

/** Contacts matching a search, for pickers and the palette (nothing until something is typed). */
export function useContactSearch(q: string) {
  const query = q.trim();
  return useQuery({
    queryKey: keys.contactSearch(query),
    queryFn: async () => {
      const { items } = await unwrap(api.GET('/api/contacts', { params: { query: { q: query, limit: 8 } } }));
      return items;
    },
    enabled: query.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

/** Companies whose name holds q, for the palette. */
export function useCompanySearch(q: string) {
  const query = q.trim();
  return useQuery({
    queryKey: keys.companySearch(query),
    queryFn: async () => {
      const { items } = await unwrap(
        api.GET('/api/companies', { params: { query: { q: query, limit: 5 } } }),
      );
      return items;
    },
    enabled: query.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

/** Sign in; the server sets the session cookie. */
export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; password: string }) => unwrap(api.POST('/api/auth/login', { body })),
    onSuccess: (me) => {
      client.clear();
      client.setQueryData(keys.me, me);
    },
  });
}

/** Sign out and forget every cached answer. */
export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/auth/logout')),
    onSettled: () => {
      client.clear();
      client.setQueryData(keys.me, null);
    },
  });
}

/** Refreshes everything the due engine feeds after a write. */
function invalidateDue(client: ReturnType<typeof useQueryClient>) {
  return Promise.all([
    client.invalidateQueries({ queryKey: keys.today }),
    client.invalidateQueries({ queryKey: ['orphans'] }),
    client.invalidateQueries({ queryKey: ['contacts'] }),
  ]);
}

/**
 * The writes behind the toasts' Undo: each takes a change back exactly (the server recomputes the due
 * state from the restored inputs) and refreshes what the due engine feeds. Plain functions over the query
 * client, so an Undo works after the dialog that made the change has closed.
 */
export function useUndo() {
  const client = useQueryClient();
  return useMemo(
    () => ({
      /** Takes back a logged interaction: deletes it and its planned steps, reopens the steps it completed. */
      interaction: async (id: string) => {
        await unwrap(api.POST('/api/interactions/{id}/undo', { params: { path: { id } } }));
        await invalidateDue(client);
      },
      /** Writes back a contact's earlier snooze or tier. */
      contact: async (id: string, body: { snoozedUntil?: string | null; tierId?: string | null }) => {
        await unwrap(api.PATCH('/api/contacts/{id}', { params: { path: { id } }, body }));
        await invalidateDue(client);
      },
      /** Reopens a next step marked done (or marks a reopened one done again). */
      step: async (id: string, done: boolean) => {
        await unwrap(api.PATCH('/api/next-steps/{id}', { params: { path: { id } }, body: { done } }));
        await invalidateDue(client);
      },
    }),
    [client],
  );
}

/** Log a touch with one or more contacts. */
export function useLogInteraction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: LogInput) => unwrap(api.POST('/api/interactions', { body })),
    onSuccess: () => invalidateDue(client),
  });
}

/** Change a contact's plan: snooze it, or give it a tier. */
export function useUpdateContact() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; snoozedUntil?: string | null; tierId?: string | null }) => {
      const { id, ...body } = input;
      return unwrap(api.PATCH('/api/contacts/{id}', { params: { path: { id } }, body }));
    },
    onSuccess: () => invalidateDue(client),
  });
}

/** Plan a next step for a contact. */
export function usePlanNextStep() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { contactId: string; action: string; dueAt: string }) =>
      unwrap(api.POST('/api/next-steps', { body })),
    onSuccess: () => invalidateDue(client),
  });
}
