import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { paths } from './schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

export type TemplateList = Json<paths['/api/templates']['get']['responses'][200]>;
export type Template = TemplateList['items'][number];
export type MergeFieldInfo = TemplateList['fields'][number];
export type TemplateInput = paths['/api/templates']['post']['requestBody']['content']['application/json'];
export type Preview = Json<paths['/api/templates/preview']['post']['responses'][200]>;

const keys = {
  templates: ['templates'] as const,
  preview: (contactId: string, subject: string, body: string) =>
    ['templates', 'preview', contactId, subject, body] as const,
};

/** The team's templates and the merge fields they may use. */
export function useTemplates() {
  return useQuery({ queryKey: keys.templates, queryFn: () => unwrap(api.GET('/api/templates')) });
}

/** Saves a template: a new one, or changes to one. */
export function useSaveTemplate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: TemplateInput & { id?: string }) =>
      id
        ? unwrap(api.PATCH('/api/templates/{id}', { params: { path: { id } }, body }))
        : unwrap(api.POST('/api/templates', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.templates }),
  });
}

export function useDeleteTemplate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/templates/{id}', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.templates }),
  });
}

/** The text being edited as one contact would receive it (the server renders; nothing is saved). */
export function usePreview(draft: { contactId: string | null; subject: string; body: string }) {
  const { contactId, subject, body } = draft;
  return useQuery({
    queryKey: keys.preview(contactId ?? '', subject, body),
    queryFn: () =>
      unwrap(api.POST('/api/templates/preview', { body: { contactId: contactId!, subject, body } })),
    enabled: contactId !== null && subject.trim() !== '' && body.trim() !== '',
    placeholderData: (previous) => previous,
    retry: false,
  });
}
