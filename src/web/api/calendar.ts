import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, postBody, unwrap } from './client';
import { keys as appKeys } from './queries';
import type { paths } from './schema';

export type CalendarCounts =
  paths['/api/calendar/imports']['post']['responses']['200']['content']['application/json'];
export type Subscription =
  paths['/api/calendar/subscriptions']['get']['responses']['200']['content']['application/json']['items'][number];

const keys = { subscriptions: ['calendar', 'subscriptions'] as const };

/** A calendar changes timelines, next steps and who is due: refresh what shows them. */
function invalidateCaptured(client: ReturnType<typeof useQueryClient>) {
  return Promise.all([
    client.invalidateQueries({ queryKey: keys.subscriptions }),
    client.invalidateQueries({ queryKey: appKeys.today }),
    client.invalidateQueries({ queryKey: ['contacts'] }),
  ]);
}

/** Posts an .ics file as the request body (text/calendar); openapi-fetch sends JSON, so a plain fetch. */
function uploadCalendar(file: File): Promise<CalendarCounts> {
  return postBody<CalendarCounts>('/api/calendar/imports', file, { 'content-type': 'text/calendar' });
}

/** Imports an .ics file: past meetings logged, the next ones planned. */
export function useImportCalendar() {
  const client = useQueryClient();
  return useMutation({ mutationFn: uploadCalendar, onSuccess: () => invalidateCaptured(client) });
}

/** The signed-in user's calendar subscriptions; polled while one waits for its first refresh. */
export function useSubscriptions() {
  return useQuery({
    queryKey: keys.subscriptions,
    queryFn: () => unwrap(api.GET('/api/calendar/subscriptions')).then((r) => r.items),
    refetchInterval: (query) => (query.state.data?.some((s) => s.status === 'pending') ? 1000 : false),
  });
}

/** Follows a feed; the server fetches it in the background. */
export function useSubscribe() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (url: string) => unwrap(api.POST('/api/calendar/subscriptions', { body: { url } })),
    onSuccess: () => invalidateCaptured(client),
  });
}

/** Asks for a refresh now, then looks again once its job has had a moment. */
export function useRefreshSubscription() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST('/api/calendar/subscriptions/{id}/refresh', { params: { path: { id } } })),
    onSuccess: () => {
      void invalidateCaptured(client);
      setTimeout(() => void invalidateCaptured(client), 1500);
    },
  });
}

/** Stops following a feed; what it logged stays. */
export function useRemoveSubscription() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE('/api/calendar/subscriptions/{id}', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.subscriptions }),
  });
}
