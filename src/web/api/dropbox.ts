import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client';
import { keys, type Me } from './queries';

/** Replace my dropbox address; the old one stops taking mail. The new one shows wherever `me` does. */
export function useRegenerateDropbox() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/dropbox/regenerate')),
    onSuccess: ({ address }) =>
      client.setQueryData<Me | null>(keys.me, (me) => (me ? { ...me, dropboxAddress: address } : me)),
  });
}
