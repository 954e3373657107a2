import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, postBody, unwrap } from './client';
import type { paths } from './schema';

export type ImportReport =
  paths['/api/imports/{id}']['get']['responses']['200']['content']['application/json'];
export type ImportFormat = ImportReport['format'];
export type ImportPreview =
  paths['/api/imports/preview']['post']['responses']['200']['content']['application/json'];
/** What a column fills; `ignore` leaves it out. */
export type ImportField = ImportPreview['fields'][number]['value'] | 'ignore';
/** A generic CSV's mapping: each header of the file to the field it fills. */
export type ImportMapping = Record<string, ImportField>;
export type ImportStart = { file: File; format?: ImportFormat; mapping?: ImportMapping; dryRun: boolean };

const keys = { all: ['imports'] as const, one: (id: string) => ['imports', id] as const };

/** The start of a file the preview reads: enough for its header and first rows. */
const PREVIEW_BYTES = 256 * 1024;

/** Posts a multipart form: the fields go before the file, as the API asks. */
async function postForm<T>(
  url: string,
  fields: Record<string, string>,
  file: Blob,
  name: string,
): Promise<T> {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  form.append('file', file, name);
  return postBody<T>(url, form);
}

const formFields = (options: { format?: ImportFormat; mapping?: ImportMapping }) => ({
  ...(options.format ? { format: options.format } : {}),
  ...(options.mapping ? { mapping: JSON.stringify(options.mapping) } : {}),
});

/** Uploads a file as a new import (or a dry run). */
function startImport(start: ImportStart): Promise<{ id: string; format: ImportFormat }> {
  const fields = { ...formFields(start), dryRun: String(start.dryRun) };
  return postForm('/api/imports', fields, start.file, start.file.name);
}

const sameFile = (key: readonly unknown[] | undefined, file: File | null) =>
  key?.[1] === file?.name && key?.[2] === file?.size && key?.[3] === file?.lastModified;

/**
 * The preview of a file under a format and mapping (none: as detected): its format, columns and first
 * rows. Only the file's start is sent; it is read again whenever the format or mapping changes.
 */
export function useImportPreview(options: {
  file: File | null;
  format?: ImportFormat;
  mapping?: ImportMapping;
}) {
  const { file, format, mapping } = options;
  return useQuery({
    queryKey: ['import-preview', file?.name, file?.size, file?.lastModified, format ?? '', mapping ?? null],
    queryFn: () => {
      if (!file) throw new Error('no file');
      const isPartial = file.size > PREVIEW_BYTES;
      const fields = { ...formFields({ format, mapping }), partial: String(isPartial) };
      return postForm<ImportPreview>('/api/imports/preview', fields, file.slice(0, PREVIEW_BYTES), file.name);
    },
    enabled: file !== null,
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
    // While a new mapping is read, the table keeps the last one; a new file starts empty.
    placeholderData: (previous, query) => (sameFile(query?.queryKey, file) ? previous : undefined),
  });
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
