import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { paths } from './schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

export type Company = Json<paths['/api/companies/{id}']['get']['responses'][200]>;
export type CompanyInput = paths['/api/companies']['post']['requestBody']['content']['application/json'];
export type CompanyContact = Json<paths['/api/contacts']['get']['responses'][200]>['items'][number];
export type TimelineEntry = Json<
  paths['/api/companies/{id}/timeline']['get']['responses'][200]
>['items'][number];

/** Company query keys; every one starts with 'companies' so a write can refresh them all at once. */
export const companyKeys = {
  all: ['companies'] as const,
  list: (q: string) => ['companies', 'list', q] as const,
  one: (id: string) => ['companies', 'one', id] as const,
  timeline: (id: string) => ['companies', 'timeline', id] as const,
  // Under 'contacts' so the app's contact writes (which invalidate ['contacts']) refresh it too.
  contacts: (id: string) => ['contacts', 'company', id] as const,
};

const PAGE = 50;

/** Companies whose name matches q (all when empty), a page at a time. */
export function useCompanies(q: string) {
  const query = q.trim();
  return useInfiniteQuery({
    queryKey: companyKeys.list(query),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/companies', {
          params: {
            query: {
              limit: PAGE,
              ...(query ? { q: query } : {}),
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

/** One company with its contact count. */
export function useCompany(id: string) {
  return useQuery({
    queryKey: companyKeys.one(id),
    queryFn: () => unwrap(api.GET('/api/companies/{id}', { params: { path: { id } } })),
  });
}

/** The company's contacts, a page at a time. */
export function useCompanyContacts(id: string) {
  return useInfiniteQuery({
    queryKey: companyKeys.contacts(id),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/contacts', {
          params: { query: { companyId: id, limit: PAGE, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Every touch with any of the company's contacts, newest first, a page at a time. */
export function useCompanyTimeline(id: string) {
  return useInfiniteQuery({
    queryKey: companyKeys.timeline(id),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/companies/{id}/timeline', {
          params: { path: { id }, query: { limit: 25, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Create a company. */
export function useCreateCompany() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CompanyInput) => unwrap(api.POST('/api/companies', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: companyKeys.all }),
  });
}

/** Change a company; contacts show its name, so they refresh too. */
export function useUpdateCompany() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: CompanyInput & { id: string }) =>
      unwrap(api.PATCH('/api/companies/{id}', { params: { path: { id } }, body })),
    onSuccess: (company) => {
      client.setQueryData(companyKeys.one(company.id), company);
      return Promise.all([
        client.invalidateQueries({ queryKey: companyKeys.all }),
        client.invalidateQueries({ queryKey: ['contacts'] }),
        client.invalidateQueries({ queryKey: ['today'] }),
      ]);
    },
  });
}

/** Delete a company; its contacts stay, unlinked. */
export function useDeleteCompany() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/companies/{id}', { params: { path: { id } } })),
    onSuccess: (_data, id) => {
      // The open company page still watches its own queries: refetching them would only answer 404.
      const isOther = (query: { queryKey: readonly unknown[] }) => !query.queryKey.includes(id);
      return Promise.all(
        [companyKeys.all, ['contacts'], ['today']].map((queryKey) =>
          client.invalidateQueries({ queryKey, predicate: isOther }),
        ),
      );
    },
  });
}
