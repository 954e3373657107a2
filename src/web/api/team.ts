import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client';
import { contactKeys } from './contacts';
import type { paths } from './schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

export type Role = Json<paths['/api/users']['get']['responses'][200]>['items'][number]['role'];
export type Invite = Json<paths['/api/invites']['get']['responses'][200]>['items'][number];
export type InviteCreated = Json<paths['/api/invites']['post']['responses'][201]>;
export type UserPatch = NonNullable<
  paths['/api/users/{id}']['patch']['requestBody']
>['content']['application/json'];
export type AuditQuery = NonNullable<paths['/api/audit']['get']['parameters']['query']>;
export type AuditEntry = Json<paths['/api/audit']['get']['responses'][200]>['items'][number];
export type AuditEntity = NonNullable<AuditQuery['entity']>;

export const ROLES: Role[] = ['owner', 'admin', 'member', 'viewer'];

export const teamKeys = {
  invites: ['invites'] as const,
  audit: (filters: Omit<AuditQuery, 'cursor' | 'limit'>) => ['audit', filters] as const,
};

/** The pending invitations (admins). */
export function useInvites() {
  return useQuery({
    queryKey: teamKeys.invites,
    queryFn: async () => (await unwrap(api.GET('/api/invites'))).items,
  });
}

/** Invite someone by email; the answer holds the link to pass on, shown once. */
export function useCreateInvite() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; role: Role }) => unwrap(api.POST('/api/invites', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: teamKeys.invites }),
  });
}

/** Withdraw a pending invitation. */
export function useRevokeInvite() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/invites/{id}', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: teamKeys.invites }),
  });
}

/** Change a user's role, deactivate (handing their contacts over) or reactivate them. */
export function useUpdateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: UserPatch & { id: string }) =>
      unwrap(api.PATCH('/api/users/{id}', { params: { path: { id } }, body })),
    // A deactivation moves contacts to someone else: owner pickers, lists and Today all change.
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: contactKeys.users }),
        client.invalidateQueries({ queryKey: contactKeys.all }),
        client.invalidateQueries({ queryKey: ['today'] }),
      ]),
  });
}

/** Make a one-time password reset link for a user. */
export function useResetLink() {
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST('/api/users/{id}/password-reset', { params: { path: { id } } })),
  });
}

/** The audit log, newest first, a page at a time. */
export function useAudit(filters: Omit<AuditQuery, 'cursor' | 'limit'>, enabled = true) {
  return useInfiniteQuery({
    enabled,
    queryKey: teamKeys.audit(filters),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/audit', {
          params: { query: { ...filters, limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
