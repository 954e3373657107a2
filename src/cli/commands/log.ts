import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { inTransaction } from '../../db/transaction.ts';
import { findContactByEmail } from '../../domains/contacts/service.ts';
import { logInteraction } from '../../domains/interactions/log-interaction.ts';
import { presentLogged } from '../../domains/interactions/presenter.ts';
import { DIRECTIONS, INTERACTION_KINDS } from '../../domains/interactions/schema.ts';
import type { LoggedInteractionOutput } from '../../domains/interactions/validators.ts';
import { Email } from '../../domains/workspaces/validators.ts';
import { addDays, todayUtc } from '../../shared/dates.ts';
import { AppError } from '../../shared/errors.ts';
import { Id, IsoDate, IsoDateTime } from '../../shared/validators.ts';
import { defineCommand, EXIT, type Out } from '../command.ts';
import { resolveWorkspace } from '../workspace.ts';

/** A --next without --due is due a week later: soon enough to keep momentum, far enough to be doable. */
export const DEFAULT_NEXT_STEP_DAYS = 7;

const LogArgs = z
  .object({
    contact: z
      .string()
      .trim()
      .refine((v) => Id.safeParse(v).success || Email.safeParse(v).success, {
        error: 'must be a contact email or id',
      }),
    kind: z.enum(INTERACTION_KINDS, { error: `must be one of ${INTERACTION_KINDS.join(', ')}` }),
    summary: z.string().trim().min(1, { error: 'must not be empty' }).max(500),
    next: z.string().trim().min(1, { error: 'must not be empty' }).max(500).optional(),
    due: IsoDate.optional(),
    direction: z.enum(DIRECTIONS, { error: 'must be in or out' }).default('out'),
    at: IsoDateTime.optional(),
    workspace: z.string().trim().min(1).optional(),
  })
  .superRefine((args, ctx) => {
    if (args.due && !args.next) {
      ctx.addIssue({ code: 'custom', path: ['due'], message: 'needs --next "…" (the step that is due)' });
    }
  });

/** `kith log`: logs an interaction with a contact, optionally with the next step. */
export const logCommand = defineCommand({
  name: 'log',
  summary: 'Log a call, meeting, email… with a contact, and the next step',
  usage: [
    'kith log <contact email or id> --kind call --summary "…" [--next "…" [--due YYYY-MM-DD]]',
    '         [--direction in|out] [--at ISO-DATE-TIME] [--workspace NAME]',
    '',
    `  --kind       ${INTERACTION_KINDS.join(', ')}`,
    `  --next       the next step; due ${DEFAULT_NEXT_STEP_DAYS} days after the interaction unless --due is given`,
    '  --at         when it happened (default now)',
  ].join('\n'),
  options: {
    kind: { type: 'string' },
    summary: { type: 'string' },
    next: { type: 'string' },
    due: { type: 'string' },
    direction: { type: 'string' },
    at: { type: 'string' },
    workspace: { type: 'string' },
  },
  positionals: ['contact'],
  Args: LogArgs,
  run: async ({ db, args, out }) => {
    const workspace = await resolveWorkspace({ db, name: args.workspace });
    const day = args.at ? new Date(args.at).toISOString().slice(0, 10) : todayUtc();
    const nextStep = args.next
      ? { action: args.next, dueAt: args.due ?? addDays(day, DEFAULT_NEXT_STEP_DAYS) }
      : undefined;
    try {
      const logged = await inTransaction(db, async (tx) => {
        const contactId = await findContactId({ db: tx, workspaceId: workspace.id, ref: args.contact });
        return logInteraction({
          db: tx,
          workspaceId: workspace.id,
          actorId: workspace.actorId,
          via: 'cli',
          input: {
            contactIds: [contactId],
            kind: args.kind,
            direction: args.direction,
            occurredAt: args.at,
            summary: args.summary,
            nextStep,
          },
        });
      });
      printLogged(presentLogged(logged), out);
      return EXIT.ok;
    } catch (error) {
      if (error instanceof AppError && error.code === 'next_step_required') {
        out(`Not logged: ${error.message.split(':')[0]}.`);
        out('Add the next step with --next "…" (and --due YYYY-MM-DD, default in 7 days).');
        return EXIT.failed;
      }
      throw error;
    }
  },
});

async function findContactId(options: { db: Db; workspaceId: string; ref: string }): Promise<string> {
  if (!options.ref.includes('@')) return options.ref;
  const contact = await findContactByEmail({
    db: options.db,
    workspaceId: options.workspaceId,
    email: options.ref,
  });
  if (!contact) throw new AppError('not_found', `<contact>: no contact has the email ${options.ref}`);
  return contact.id;
}

function printLogged(logged: LoggedInteractionOutput, out: Out): void {
  const { interaction } = logged;
  const names = interaction.contacts.map((c) => c.name).join(', ');
  out(
    `Logged ${interaction.kind} (${interaction.direction}) with ${names} on ${interaction.occurredAt.slice(0, 10)}: ${interaction.summary}`,
  );
  for (const step of logged.nextSteps) out(`Next step: ${step.action}, due ${step.dueAt}.`);
  for (const due of logged.contacts) {
    const name = interaction.contacts.find((c) => c.id === due.id)?.name ?? due.id;
    out(
      due.nextDueAt
        ? `${name} is next due on ${due.nextDueAt}.`
        : `${name} has no due date (no cadence and no next step).`,
    );
  }
  if (logged.nextStepMissing) {
    out(
      `Warning: this ${interaction.kind} has no next step. Add one with --next "…" so the relationship keeps moving.`,
    );
  }
}
