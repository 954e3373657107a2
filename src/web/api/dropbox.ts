import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client';

export const dropboxKeys = { address: ['dropbox', 'address'] as const };

/**
 * My dropbox address (null for a viewer), read from GET /api/auth/me on its own key: the cached `me` may
 * come from a sign-in answer, which does not carry it.
 */
export function useDropboxAddress() {
  return useQuery({
    queryKey: dropboxKeys.address,
    queryFn: async () => (await unwrap(api.GET('/api/auth/me'))).dropboxAddress,
  });
}

/** Replace my dropbox address; the old one stops taking mail. */
export function useRegenerateDropbox() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/dropbox/regenerate')),
    onSuccess: ({ address }) => client.setQueryData(dropboxKeys.address, address),
  });
}
