import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client';
import { contactKeys } from './contacts';
import { keys } from './queries';
import type { paths } from './schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

export type Session = Json<paths['/api/auth/sessions']['get']['responses'][200]>['items'][number];
export type Token = Json<paths['/api/tokens']['get']['responses'][200]>['items'][number];
export type TokenScope = Token['scope'];

export const accountKeys = {
  sessions: ['sessions'] as const,
  tokens: (all: boolean) => ['tokens', all] as const,
};

/** Change my name. */
export function useUpdateName() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => unwrap(api.PATCH('/api/auth/me', { body: { name } })),
    onSuccess: (me) => {
      client.setQueryData(keys.me, me);
      return client.invalidateQueries({ queryKey: contactKeys.users });
    },
  });
}

/** Change my password; my other sessions end. */
export function useChangePassword() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { current: string; next: string }) => unwrap(api.POST('/api/auth/password', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: accountKeys.sessions }),
  });
}

/** My signed-in sessions. */
export function useSessions() {
  return useQuery({
    queryKey: accountKeys.sessions,
    queryFn: async () => (await unwrap(api.GET('/api/auth/sessions'))).items,
  });
}

/** End every session of mine but this one. */
export function useRevokeOtherSessions() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/auth/sessions/revoke-all')),
    onSuccess: () => client.invalidateQueries({ queryKey: accountKeys.sessions }),
  });
}

/** API tokens: mine, or everyone's (admins). */
export function useTokens(all: boolean) {
  return useQuery({
    queryKey: accountKeys.tokens(all),
    queryFn: async () =>
      (await unwrap(api.GET('/api/tokens', { params: { query: all ? { all: 'true' } : {} } }))).items,
  });
}

/** Create a token; the answer holds the token itself, shown once. */
export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; scope: TokenScope }) => unwrap(api.POST('/api/tokens', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['tokens'] }),
  });
}

/** Revoke a token. */
export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/tokens/{id}', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['tokens'] }),
  });
}
