import { AppError } from '../shared/errors.ts';

/**
 * What each unique constraint means to a person, and which input field it is about. A check before the
 * insert answers the usual case; this answers the race it cannot see (two requests taking the same email at
 * once), so the loser gets the same 409 instead of a 500. Every unique index in a schema.ts belongs here;
 * constraints.test.ts fails when one is missing.
 */
export const UNIQUE_CONSTRAINTS: Record<string, { field: string; message: string }> = {
  contact_emails_email_key: {
    field: 'body.emails',
    message: 'This email address already belongs to another contact',
  },
  users_workspace_email_key: {
    field: 'body.email',
    message: 'A user with this email already exists in this workspace',
  },
  workspaces_name_key: { field: 'body.workspace', message: 'A workspace with this name already exists' },
  tiers_name_key: { field: 'body.name', message: 'A tier with this name already exists' },
  interactions_external_key: {
    field: 'body.externalId',
    message: 'An interaction with this source and externalId was already logged',
  },
  interactions_message_key: {
    field: 'body.messageId',
    message: 'An email with this Message-ID was already logged',
  },
  // Sync upserts suggestions; a race past that is a retry's business.
  suggested_contacts_user_email_key: { field: 'email', message: 'Please try again' },
  templates_name_key: { field: 'body.name', message: 'A template with this name already exists' },
  sequence_enrollments_live_key: {
    field: 'body.contactIds',
    message: 'This contact is already in a sequence',
  },
  // A random UUID in each Message-ID: a clash is a retry's business.
  outbox_message_key: { field: 'messageId', message: 'Please try again' },
  sessions_token_key: { field: 'token', message: 'Please try again' },
  api_tokens_token_key: { field: 'token', message: 'Please try again' },
  // Enqueueing and scheduling take these with ON CONFLICT; a race past that is still a 409, not a 500.
  jobs_key_key: { field: 'key', message: 'A job with this key is already queued' },
  job_schedules_key_key: { field: 'key', message: 'A schedule with this key already exists' },
  jobs_schedule_active_key: { field: 'key', message: 'A run of this schedule is already queued' },
  invites_token_key: { field: 'token', message: 'Please try again' },
  password_resets_token_key: { field: 'token', message: 'Please try again' },
  // 128 random bits: a clash is a retry's business, never the user's.
  dropboxes_token_key: { field: 'token', message: 'Please try again' },
};

type DriverError = { code?: string; constraint?: string; detail?: string };

function driverError(error: unknown): DriverError | undefined {
  const e = error as DriverError & { cause?: DriverError };
  if (typeof e?.code === 'string' && e.code.length === 5) return e;
  return e?.cause && typeof e.cause.code === 'string' ? e.cause : undefined;
}

/** `contacts_workspace_id_tier_id_tiers_workspace_id_id_fk` → `tierId`: the column a foreign key is on. */
function foreignKeyField(constraint: string): string {
  const column = /_workspace_id_([a-z]+(?:_[a-z]+)*?_id)_/.exec(constraint)?.[1];
  if (!column) return 'body';
  return `body.${column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())}`;
}

/**
 * The 409 (or, for a reference deleted meanwhile, 404) that a unique or foreign-key violation stands for, or
 * undefined for any other error. Used where transactions end (db/transaction.ts).
 */
export function conflictFromConstraint(error: unknown): AppError | undefined {
  const e = driverError(error);
  if (!e?.constraint) return undefined;
  if (e.code === '23505') {
    const known = UNIQUE_CONSTRAINTS[e.constraint];
    const field = known?.field ?? 'body';
    const message = known?.message ?? 'This conflicts with something saved at the same moment';
    return new AppError('conflict', `${field}: ${message}`, [{ field, message }]);
  }
  if (e.code === '23503') {
    const field = foreignKeyField(e.constraint);
    if (e.detail?.includes('is still referenced')) {
      const message = 'Something else was saved that still refers to this; try again';
      return new AppError('conflict', message, [{ field: 'params.id', message }]);
    }
    const message = 'was deleted meanwhile';
    return new AppError('not_found', `${field}: ${message}`, [{ field, message }]);
  }
  return undefined;
}
