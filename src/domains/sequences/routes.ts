import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { route } from '../../server/route.ts';
import { IdParams } from '../../shared/validators.ts';
import {
  createSequence,
  deleteSequence,
  type EnrollmentRow,
  enrollContacts,
  findEnrollments,
  findSequences,
  getSequence,
  removeEnrollment,
  type SequenceRow,
  setEnrollmentStatus,
  updateSequence,
} from './sequences.ts';
import {
  EnrollInput,
  EnrollmentListOutput,
  EnrollmentPatchInput,
  EnrollOutput,
  SequenceInput,
  SequenceListOutput,
  SequenceOutput,
  SequencePatchInput,
} from './validators.ts';

const TAGS = ['sequences'];

const presentSequence = (row: SequenceRow) => ({
  id: row.id,
  name: row.name,
  steps: row.steps,
  stopOn: row.stopOn,
  mailboxId: row.mailboxId,
  createdAt: row.createdAt.toISOString(),
});

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const presentEnrollment = (row: EnrollmentRow & { contactName: string }) => ({
  id: row.id,
  sequenceId: row.sequenceId,
  contact: { id: row.contactId, name: row.contactName },
  ownerId: row.ownerId,
  status: row.status,
  currentStep: row.currentStep,
  nextStepAt: iso(row.nextStepAt),
  stopReason: row.stopReason,
  stoppedAt: iso(row.stoppedAt),
  enrolledAt: new Date(row.enrolledAt).toISOString(),
});

/** Follow-up sequences: steps, enrolment, and each enrolment's place and why it stopped. */
export const sequenceRoutes: FastifyPluginAsync = async (app) => {
  route(app, {
    method: 'GET',
    url: '/api/sequences',
    auth: 'read',
    tags: TAGS,
    summary: "The workspace's follow-up sequences",
    response: { 200: SequenceListOutput },
    handler: async ({ scope }) => ({ items: (await findSequences(scope)).map(presentSequence) }),
  });

  route(app, {
    method: 'POST',
    url: '/api/sequences',
    auth: 'write',
    tags: TAGS,
    summary: 'Create a sequence: steps after delays (email from a template, call, or task)',
    description:
      "Each step's `after` counts from the previous step (the first from enrolment). An email step sends its " +
      "template from the sequence's mailbox (else the enroller's first that sends); a call or task step adds " +
      'a next step named after the sequence, so it shows on Today. Stops on a reply, an inbound call or ' +
      'meeting, a bounce or unsubscribe, a stage of customer, lost or dormant, and with `stopOn: ' +
      '["company_reply"]` a reply from anyone at the company. See docs/sending.md.',
    body: SequenceInput,
    response: { 201: SequenceOutput },
    handler: async ({ scope, body }) => presentSequence(await createSequence({ ...scope, input: body })),
  });

  route(app, {
    method: 'GET',
    url: '/api/sequences/:id',
    auth: 'read',
    tags: TAGS,
    summary: 'One sequence',
    params: IdParams,
    response: { 200: SequenceOutput },
    handler: async ({ scope, params }) => presentSequence(await getSequence({ ...scope, id: params.id })),
  });

  route(app, {
    method: 'PATCH',
    url: '/api/sequences/:id',
    auth: 'write',
    tags: TAGS,
    summary: 'Change a sequence; live enrolments go on with the new steps',
    params: IdParams,
    body: SequencePatchInput,
    response: { 200: SequenceOutput },
    handler: async ({ scope, params, body }) =>
      presentSequence(await updateSequence({ ...scope, id: params.id, input: body })),
  });

  route(app, {
    method: 'DELETE',
    url: '/api/sequences/:id',
    auth: 'write',
    tags: TAGS,
    summary: 'Delete a sequence; its live enrolments stop, what it sent stays',
    params: IdParams,
    response: { 204: z.null() },
    handler: async ({ scope, params }) => {
      await deleteSequence({ ...scope, id: params.id });
      return null;
    },
  });

  route(app, {
    method: 'POST',
    url: '/api/sequences/:id/enrollments',
    auth: 'write',
    tags: TAGS,
    summary: 'Enrol contacts; answers who was enrolled and who was skipped, and why',
    params: IdParams,
    body: EnrollInput,
    response: { 200: EnrollOutput },
    handler: async ({ scope, params, body }) =>
      enrollContacts({ ...scope, sequenceId: params.id, contactIds: body.contactIds }),
  });

  route(app, {
    method: 'GET',
    url: '/api/sequences/:id/enrollments',
    auth: 'read',
    tags: TAGS,
    summary: "A sequence's enrolments: status, steps run, next step time, stop reason",
    params: IdParams,
    response: { 200: EnrollmentListOutput },
    handler: async ({ scope, params }) => ({
      items: (await findEnrollments({ ...scope, sequenceId: params.id })).map(presentEnrollment),
    }),
  });

  route(app, {
    method: 'PATCH',
    url: '/api/enrollments/:id',
    auth: 'write',
    tags: TAGS,
    summary: 'Pause or resume an enrolment (yours, or any as an admin)',
    params: IdParams,
    body: EnrollmentPatchInput,
    response: { 204: z.null() },
    handler: async ({ scope, params, body }) => {
      await setEnrollmentStatus({ ...scope, id: params.id, status: body.status });
      return null;
    },
  });

  route(app, {
    method: 'DELETE',
    url: '/api/enrollments/:id',
    auth: 'write',
    tags: TAGS,
    summary: 'Take a contact out of its sequence by hand (yours, or any as an admin)',
    params: IdParams,
    response: { 204: z.null() },
    handler: async ({ scope, params }) => {
      await removeEnrollment({ ...scope, id: params.id });
      return null;
    },
  });
};
