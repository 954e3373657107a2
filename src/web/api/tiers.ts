import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client';
import { keys } from './queries';
import type { paths } from './schema';

export type TierInput = paths['/api/tiers']['post']['requestBody']['content']['application/json'];
export type Channel = NonNullable<TierInput['channel']>;

/** A tier's interval is a number of days, or 'none' for no personal cadence. */
export type IntervalChoice = number | 'none';

/** Tier writes move due dates, so everything the due engine feeds refreshes with the scale. */
function invalidateScale(client: ReturnType<typeof useQueryClient>) {
  return Promise.all([
    client.invalidateQueries({ queryKey: keys.tiers }),
    client.invalidateQueries({ queryKey: keys.today }),
    client.invalidateQueries({ queryKey: ['orphans'] }),
    client.invalidateQueries({ queryKey: ['contacts'] }),
  ]);
}

/**
 * How many of the tier's contacts would be due today with another interval; nothing is saved. Disabled
 * while `intervalDays` is undefined (unchanged or not a valid number yet).
 */
export function useTierPreview(id: string | undefined, intervalDays: IntervalChoice | undefined) {
  return useQuery({
    queryKey: [...keys.tiers, 'preview', id, intervalDays] as const,
    queryFn: () =>
      unwrap(
        api.GET('/api/tiers/{id}/preview', {
          params: { path: { id: id ?? '' }, query: { intervalDays: intervalDays ?? 'none' } },
        }),
      ),
    enabled: id !== undefined && intervalDays !== undefined,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
}

/** Add a tier to the scale. */
export function useCreateTier() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TierInput) => unwrap(api.POST('/api/tiers', { body })),
    onSuccess: () => invalidateScale(client),
  });
}

/** Change a tier; the server recomputes its contacts' due dates. */
export function useUpdateTier() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: Partial<TierInput> & { id: string }) =>
      unwrap(api.PATCH('/api/tiers/{id}', { params: { path: { id } }, body })),
    onSuccess: () => invalidateScale(client),
  });
}

/** Delete a tier; while it holds contacts the server needs moveTo (another tier's id, or 'none'). */
export function useDeleteTier() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, moveTo }: { id: string; moveTo?: string }) =>
      unwrap(api.DELETE('/api/tiers/{id}', { params: { path: { id }, query: moveTo ? { moveTo } : {} } })),
    onSuccess: () => invalidateScale(client),
  });
}
