import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { paths } from './schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

export type Sequence = Json<paths['/api/sequences/{id}']['get']['responses'][200]>;
export type SequenceInput = paths['/api/sequences']['post']['requestBody']['content']['application/json'];
export type Step = SequenceInput['steps'][number];
export type Enrollment = Json<
  paths['/api/sequences/{id}/enrollments']['get']['responses'][200]
>['items'][number];
export type EnrollResult = Json<paths['/api/sequences/{id}/enrollments']['post']['responses'][200]>;

export function useSequences() {
  return useQuery({
    queryKey: ['sequences'],
    queryFn: () => unwrap(api.GET('/api/sequences')).then((r) => r.items),
  });
}

export function useSaveSequence() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: SequenceInput & { id?: string }) =>
      id
        ? unwrap(api.PATCH('/api/sequences/{id}', { params: { path: { id } }, body }))
        : unwrap(api.POST('/api/sequences', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['sequences'] }),
  });
}

export function useEnrollments(sequenceId: string | null) {
  return useQuery({
    queryKey: ['sequences', sequenceId, 'enrollments'],
    queryFn: () =>
      unwrap(api.GET('/api/sequences/{id}/enrollments', { params: { path: { id: sequenceId! } } })).then(
        (r) => r.items,
      ),
    enabled: sequenceId !== null,
  });
}

/** Enrols contacts; answers who was enrolled and who was skipped, with why. */
export function useEnroll() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ sequenceId, contactIds }: { sequenceId: string; contactIds: string[] }) =>
      unwrap(
        api.POST('/api/sequences/{id}/enrollments', {
          params: { path: { id: sequenceId } },
          body: { contactIds },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['sequences'] }),
  });
}

/** Pauses, resumes (status) or removes (status null) an enrolment. */
export function useChangeEnrollment() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, status }: { id: string; status: 'active' | 'paused' | null }) =>
      status
        ? unwrap(api.PATCH('/api/enrollments/{id}', { params: { path: { id } }, body: { status } }))
        : unwrap(api.DELETE('/api/enrollments/{id}', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['sequences'] }),
  });
}
