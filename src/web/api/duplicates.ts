import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client';
import { contactKeys } from './contacts';
import { keys } from './queries';
import type { paths } from './schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

export type DuplicatePair = Json<paths['/api/duplicates']['get']['responses'][200]>['items'][number];
export type DuplicateReason = DuplicatePair['reason'];

export const duplicateKeys = { all: ['duplicates'] as const };

/** Pairs of contacts that look like one person, most likely first, a page at a time. */
export function useDuplicates() {
  return useInfiniteQuery({
    queryKey: duplicateKeys.all,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/duplicates', {
          params: { query: { limit: 20, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Merge `duplicateId` into `id`: everything moves to `id` and the duplicate is deleted. */
export function useMergeContacts() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, duplicateId }: { id: string; duplicateId: string }) =>
      unwrap(api.POST('/api/contacts/{id}/merge', { params: { path: { id } }, body: { duplicateId } })),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: duplicateKeys.all }),
        client.invalidateQueries({ queryKey: contactKeys.all }),
        client.invalidateQueries({ queryKey: keys.today }),
        client.invalidateQueries({ queryKey: ['orphans'] }),
      ]),
  });
}

/** Say these contacts are not one person, so the pair is not suggested again. */
export function useDismissDuplicate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (contactIds: string[]) =>
      unwrap(api.POST('/api/duplicates/dismiss', { body: { contactIds } })),
    onSuccess: () => client.invalidateQueries({ queryKey: duplicateKeys.all }),
  });
}
