import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, unwrap } from './client';
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
async function uploadCalendar(file: File): Promise<CalendarCounts> {
  let response: Response;
  try {
    response = await fetch('/api/calendar/imports', {
      method: 'POST',
      body: file,
      headers: { 'content-type': 'text/calendar' },
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'network', 'Kith could not reach the server. Check that it is running.');
  }
  const body = (await response.json().catch(() => ({}))) as CalendarCounts & {
    error?: { code?: string; message?: string; fields?: { field: string; message: string }[] };
  };
  if (!response.ok) {
    throw new ApiError(
      response.status,
      body.error?.code ?? 'http_error',
      body.error?.message ?? `The server answered ${response.status}`,
      body.error?.fields ?? [],
    );
  }
  return body;
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
