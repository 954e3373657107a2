import { z } from 'zod';
import { AppError } from '../../shared/errors.ts';
import { Id } from '../../shared/validators.ts';
import { JOB_STATUSES } from './schema.ts';

/** An idempotency key or a schedule's key, such as `import:<upload id>` or `mailbox-sync:<mailbox id>`. */
export const JobKey = z.string().trim().min(1).max(200);

export const JobOutput = z.object({
  id: Id,
  kind: z.string(),
  status: z.enum(JOB_STATUSES),
  progress: z.object({
    processed: z.number().int(),
    total: z.number().int().nullable().describe('Null while the job does not know its total'),
  }),
  error: z.string().nullable().describe("The last attempt's error; stays when the job has failed for good"),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  createdAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
});
export type JobOutput = z.infer<typeof JobOutput>;

/** Parses one option of a job function (a key, an interval), or a 400 naming it before anything is written. */
export function parseOption<S extends z.ZodType>(options: { schema: S; value: unknown; field: string }) {
  const parsed = options.schema.safeParse(options.value);
  if (parsed.success) return parsed.data as z.output<S>;
  const message = parsed.error.issues[0]?.message ?? 'is invalid';
  throw new AppError('validation_failed', `${options.field}: ${message}`, [
    { field: options.field, message },
  ]);
}

/** Parses a payload with its kind's schema, or a 400 naming the field (`payload.x`) before anything is written. */
export function parsePayload<S extends z.ZodType>(options: { schema: S; payload: unknown; kind: string }) {
  const parsed = options.schema.safeParse(options.payload);
  if (parsed.success) return parsed.data as z.output<S>;
  const fields = parsed.error.issues.map((issue) => ({
    field: ['payload', ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  const first = fields[0];
  throw new AppError(
    'validation_failed',
    `Job ${options.kind}: ${first ? `${first.field}: ${first.message}` : 'the payload is invalid'}`,
    fields,
  );
}
