import { z } from 'zod';
import { Id } from '../../shared/validators.ts';
import { ENROLLMENT_STATUSES, STEP_CHANNELS, STOP_ON } from './schema.ts';

const Step = z
  .object({
    after: z.object({
      days: z.number().int().min(0).max(365),
      hours: z.number().int().min(0).max(23).optional(),
      minutes: z.number().int().min(0).max(59).optional(),
    }),
    channel: z.enum(STEP_CHANNELS),
    templateId: Id.optional(),
    action: z.string().trim().min(1).max(300).optional(),
  })
  .refine((s) => s.channel !== 'email' || s.templateId, {
    path: ['templateId'],
    error: 'is required for an email step',
  });

export const SequenceInput = z.object({
  name: z.string().trim().min(1).max(200),
  steps: z.array(Step).min(1, { error: 'must have at least one step' }).max(20),
  stopOn: z
    .array(z.enum(STOP_ON))
    .max(1)
    .optional()
    .describe('company_reply: stop on a reply from anyone at the company'),
  mailboxId: Id.nullable()
    .optional()
    .describe("The mailbox its emails go from (its owner's); else the enroller's first that sends"),
});
export type SequenceInput = z.infer<typeof SequenceInput>;
export const SequencePatchInput = SequenceInput.partial();
export type SequencePatchInput = z.infer<typeof SequencePatchInput>;

export const SequenceOutput = z.object({
  id: Id,
  name: z.string(),
  steps: z.array(
    z.object({
      after: z.object({ days: z.number(), hours: z.number().optional(), minutes: z.number().optional() }),
      channel: z.enum(STEP_CHANNELS),
      templateId: Id.optional(),
      action: z.string().optional(),
    }),
  ),
  stopOn: z.array(z.enum(STOP_ON)),
  mailboxId: Id.nullable(),
  createdAt: z.string(),
});
export const SequenceListOutput = z.object({ items: z.array(SequenceOutput) });

export const EnrollInput = z.object({ contactIds: z.array(Id).min(1).max(500) });
export const EnrollOutput = z.object({
  enrolled: z.array(Id),
  skipped: z.array(z.object({ contactId: Id, reason: z.string() })),
});

export const EnrollmentOutput = z.object({
  id: Id,
  sequenceId: Id,
  contact: z.object({ id: Id, name: z.string() }),
  ownerId: Id,
  status: z.enum(ENROLLMENT_STATUSES),
  currentStep: z.number().int().describe('Steps run so far'),
  nextStepAt: z.string().nullable(),
  stopReason: z.string().nullable(),
  stoppedAt: z.string().nullable(),
  enrolledAt: z.string(),
});
export const EnrollmentListOutput = z.object({ items: z.array(EnrollmentOutput) });
export const EnrollmentPatchInput = z.object({
  status: z.enum(['active', 'paused']).describe('paused holds the next step; active resumes it'),
});
