import {
  keepPreviousData,
  type QueryClient,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { ContactSort, DueFilter } from '../../shared/vocabulary.ts';
import { api, unwrap } from './client';
import { keys } from './queries';
import type { paths } from './schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type Body<P extends keyof paths, M extends 'post' | 'patch'> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

export type Contact = Json<paths['/api/contacts/{id}']['get']['responses'][200]>;
export type ContactListItem = Json<paths['/api/contacts']['get']['responses'][200]>['items'][number];
export type ContactCreate = Body<'/api/contacts', 'post'>;
export type ContactPatch = Body<'/api/contacts/{id}', 'patch'>;
export type BulkSet = Body<'/api/contacts/bulk', 'post'>['set'];
export type Stage = Contact['stage'];
export type Fact = Json<paths['/api/contacts/{id}/facts']['get']['responses'][200]>['items'][number];
export type NextStep = Json<paths['/api/next-steps']['get']['responses'][200]>['items'][number];
export type TimelineItem = Json<
  paths['/api/contacts/{id}/timeline']['get']['responses'][200]
>['items'][number];
export type User = Json<paths['/api/users']['get']['responses'][200]>['items'][number];
export type CompanyOption = Json<paths['/api/companies']['get']['responses'][200]>['items'][number];

export {
  CONTACT_SORTS,
  type ContactSort,
  DUE_FILTERS,
  type DueFilter,
  STAGES,
} from '../../shared/vocabulary.ts';

/** The list filters and order, as kept in the URL. */
export type ContactFilters = {
  q?: string;
  tierId?: string;
  stage?: Stage;
  tag?: string;
  ownerId?: string;
  archived?: boolean;
  due?: DueFilter;
  sort?: ContactSort;
  dir?: 'asc' | 'desc';
};

// Everything about contacts sits under ['contacts'], which the due engine's writes already invalidate
// (logging a touch refreshes the contact page's timeline and due state this way).
export const contactKeys = {
  all: ['contacts'] as const,
  list: (filters: ContactFilters) => ['contacts', 'list', filters] as const,
  one: (id: string) => ['contacts', 'one', id] as const,
  facts: (id: string) => ['contacts', 'one', id, 'facts'] as const,
  timeline: (id: string) => ['contacts', 'one', id, 'timeline'] as const,
  steps: (id: string) => ['contacts', 'one', id, 'steps'] as const,
  users: ['users'] as const,
  companies: (q: string) => ['companies', 'options', q] as const,
};

const PAGE = 50;

/** Refreshes contacts and everything the due engine feeds, after a write. */
function refresh(client: QueryClient) {
  return Promise.all([
    client.invalidateQueries({ queryKey: contactKeys.all }),
    client.invalidateQueries({ queryKey: keys.today }),
    client.invalidateQueries({ queryKey: ['orphans'] }),
  ]);
}

/** Contacts matching the filters, a page at a time (the server ranks by match when searching). */
export function useContacts({ archived, ...filters }: ContactFilters) {
  return useInfiniteQuery({
    queryKey: contactKeys.list({ archived, ...filters }),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/contacts', {
          params: {
            query: {
              ...filters,
              ...(archived ? { archived: 'true' as const } : {}),
              limit: PAGE,
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/** Contacts with exactly this name (any case), to warn before a duplicate is created. */
export function useContactsNamed(firstName: string, lastName: string) {
  const first = firstName.trim();
  const last = lastName.trim();
  return useQuery({
    queryKey: [...contactKeys.all, 'named', first.toLowerCase(), last.toLowerCase()] as const,
    queryFn: async () =>
      (
        await unwrap(
          api.GET('/api/contacts', {
            params: { query: { firstName: first, lastName: last, limit: 3 } },
          }),
        )
      ).items,
    enabled: first.length > 0,
    staleTime: 10_000,
  });
}

/** One contact with its due state. */
export function useContact(id: string) {
  return useQuery({
    queryKey: contactKeys.one(id),
    queryFn: () => unwrap(api.GET('/api/contacts/{id}', { params: { path: { id } } })),
    retry: (count, error) =>
      !(error instanceof Error && 'status' in error && error.status === 404) && count < 2,
  });
}

/** The workspace's users, for owner filters and assignment. */
export function useUsers() {
  return useQuery({
    queryKey: contactKeys.users,
    queryFn: async () => (await unwrap(api.GET('/api/users'))).items,
    staleTime: 5 * 60_000,
  });
}

/** Companies whose name matches, for the company picker. */
export function useCompanyOptions(q: string) {
  const query = q.trim();
  return useQuery({
    queryKey: contactKeys.companies(query),
    queryFn: async () =>
      (
        await unwrap(
          api.GET('/api/companies', { params: { query: { limit: 20, ...(query ? { q: query } : {}) } } }),
        )
      ).items,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

/** Create a contact. */
export function useCreateContact() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ContactCreate) => unwrap(api.POST('/api/contacts', { body })),
    onSuccess: () => refresh(client),
  });
}

/** Change any of a contact's fields. */
export function usePatchContact(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ContactPatch) =>
      unwrap(api.PATCH('/api/contacts/{id}', { params: { path: { id } }, body })),
    onSuccess: (contact) => {
      client.setQueryData(contactKeys.one(id), contact);
      return refresh(client);
    },
  });
}

/** Delete a contact for good. */
export function useDeleteContact() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/contacts/{id}', { params: { path: { id } } })),
    onSuccess: (_, id) => {
      client.removeQueries({ queryKey: contactKeys.one(id) });
      return refresh(client);
    },
  });
}

/** Set the tier, owner or stage of many contacts, or add tags to them, at once. */
export function useBulkContacts() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { ids: string[]; set: BulkSet }) => unwrap(api.POST('/api/contacts/bulk', { body })),
    onSuccess: () => refresh(client),
  });
}

/** A contact's facts (personal details), newest first. */
export function useFacts(contactId: string) {
  return useQuery({
    queryKey: contactKeys.facts(contactId),
    queryFn: async () =>
      (
        await unwrap(
          api.GET('/api/contacts/{id}/facts', { params: { path: { id: contactId }, query: { limit: 100 } } }),
        )
      ).items,
  });
}

/** Add, change or delete a fact. */
export function useFactWrites(contactId: string) {
  const client = useQueryClient();
  const onSuccess = () =>
    Promise.all([
      client.invalidateQueries({ queryKey: contactKeys.facts(contactId) }),
      client.invalidateQueries({ queryKey: keys.today }),
    ]);
  return {
    add: useMutation({
      mutationFn: (body: { text: string; remindOn?: string }) =>
        unwrap(api.POST('/api/contacts/{id}/facts', { params: { path: { id: contactId } }, body })),
      onSuccess,
    }),
    patch: useMutation({
      mutationFn: ({ id, ...body }: { id: string; text?: string; remindOn?: string | null }) =>
        unwrap(api.PATCH('/api/facts/{id}', { params: { path: { id } }, body })),
      onSuccess,
    }),
    remove: useMutation({
      mutationFn: (id: string) => unwrap(api.DELETE('/api/facts/{id}', { params: { path: { id } } })),
      onSuccess,
    }),
  };
}

/** A contact's interactions, newest first, a page at a time. */
export function useTimeline(contactId: string) {
  return useInfiniteQuery({
    queryKey: contactKeys.timeline(contactId),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/contacts/{id}/timeline', {
          params: {
            path: { id: contactId },
            query: { limit: 20, ...(pageParam ? { cursor: pageParam } : {}) },
          },
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** A contact's next steps, open and done. */
export function useNextSteps(contactId: string) {
  return useQuery({
    queryKey: contactKeys.steps(contactId),
    queryFn: async () =>
      (
        await unwrap(
          api.GET('/api/next-steps', { params: { query: { contactId, status: 'all', limit: 100 } } }),
        )
      ).items,
  });
}

/** Add, complete, reschedule or delete a next step. */
export function useNextStepWrites() {
  const client = useQueryClient();
  const onSuccess = () => refresh(client);
  return {
    add: useMutation({
      mutationFn: (body: { contactId: string; action: string; dueAt: string }) =>
        unwrap(api.POST('/api/next-steps', { body })),
      onSuccess,
    }),
    patch: useMutation({
      mutationFn: ({ id, ...body }: { id: string; done?: boolean; dueAt?: string; action?: string }) =>
        unwrap(api.PATCH('/api/next-steps/{id}', { params: { path: { id } }, body })),
      onSuccess,
    }),
    remove: useMutation({
      mutationFn: (id: string) => unwrap(api.DELETE('/api/next-steps/{id}', { params: { path: { id } } })),
      onSuccess,
    }),
  };
}
