import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client';
import { keys } from './queries';

/** The secret of an invitation or reset link: it travels in the address's fragment, never to the server. */
export function linkToken(hash: string = window.location.hash): string {
  return new URLSearchParams(hash.replace(/^#/, '')).get('token') ?? '';
}

/** What an invitation link offers; fails with the reason when it cannot be used. */
export function useInvitePreview(token: string) {
  return useQuery({
    queryKey: ['invite-preview', token],
    queryFn: () => unwrap(api.POST('/api/invites/preview', { body: { token } })),
    enabled: token !== '',
    retry: false,
    staleTime: Infinity,
  });
}

/** Accept an invitation: creates the account and signs in. */
export function useAcceptInvite() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { token: string; name: string; password: string }) =>
      unwrap(api.POST('/api/invites/accept', { body })),
    onSuccess: (me) => {
      client.clear();
      client.setQueryData(keys.me, me);
    },
  });
}

/** Choose a new password through a reset link; signs in. */
export function useResetPassword() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { token: string; password: string }) => unwrap(api.POST('/api/auth/reset', { body })),
    onSuccess: (me) => {
      client.clear();
      client.setQueryData(keys.me, me);
    },
  });
}
