import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { paths } from './schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
export type PersistenceReport = Json<paths['/api/reports/persistence']['get']['responses'][200]>;

/** The persistence report for one owner ('me', 'all' or a user id). */
export function usePersistence(owner: string) {
  return useQuery({
    queryKey: ['reports', 'persistence', owner],
    queryFn: () => unwrap(api.GET('/api/reports/persistence', { params: { query: { owner } } })),
  });
}
