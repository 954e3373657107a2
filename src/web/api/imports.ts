import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, unwrap } from './client';
import type { paths } from './schema';

export type ImportReport =
  paths['/api/imports/{id}']['get']['responses']['200']['content']['application/json'];
export type ImportFormat = ImportReport['format'];
export type ImportStart = { file: File; format?: ImportFormat; dryRun: boolean };

const keys = { all: ['imports'] as const, one: (id: string) => ['imports', id] as const };

/**
 * Uploads a file as a new import (multipart: openapi-fetch sends JSON, so this is a plain fetch); the
 * fields go before the file, as the API asks.
 */
async function startImport(start: ImportStart): Promise<{ id: string; format: ImportFormat }> {
  const form = new FormData();
  if (start.format) form.append('format', start.format);
  form.append('dryRun', String(start.dryRun));
  form.append('file', start.file, start.file.name);
  let response: Response;
  try {
    response = await fetch('/api/imports', { method: 'POST', body: form, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', 'Kith could not reach the server. Check that it is running.');
  }
  const body = (await response.json().catch(() => ({}))) as {
    id?: string;
    format?: ImportFormat;
    error?: { code?: string; message?: string; fields?: { field: string; message: string }[] };
  };
  if (!response.ok || !body.id || !body.format) {
    throw new ApiError(
      response.status,
      body.error?.code ?? 'http_error',
      body.error?.message ?? `The server answered ${response.status}`,
      body.error?.fields ?? [],
    );
  }
  return { id: body.id, format: body.format };
}

/** Start an import (or a dry run) of a file. */
export function useStartImport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: startImport,
    onSuccess: () => client.invalidateQueries({ queryKey: keys.all }),
  });
}

const isRunning = (r: ImportReport | undefined) => r?.status === 'queued' || r?.status === 'running';

/** One import, polled while it runs. */
export function useImport(id: string | null) {
  const client = useQueryClient();
  return useQuery({
    queryKey: keys.one(id ?? ''),
    queryFn: async () => {
      const report = await unwrap(api.GET('/api/imports/{id}', { params: { path: { id: id ?? '' } } }));
      if (!isRunning(report)) {
        void client.invalidateQueries({ queryKey: ['contacts'] });
        void client.invalidateQueries({ queryKey: keys.all, exact: true });
      }
      return report;
    },
    enabled: id !== null,
    refetchInterval: (query) => (isRunning(query.state.data) ? 500 : false),
  });
}

/** Past imports, newest first, a page at a time. */
export function useImports() {
  return useInfiniteQuery({
    queryKey: keys.all,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/imports', {
          params: { query: { limit: 20, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Undo an import. */
export function useUndoImport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/imports/{id}/undo', { params: { path: { id } } })),
    onSuccess: (report) => {
      client.setQueryData(keys.one(report.id), report);
      return Promise.all([
        client.invalidateQueries({ queryKey: keys.all }),
        client.invalidateQueries({ queryKey: ['contacts'] }),
      ]);
    },
  });
}
