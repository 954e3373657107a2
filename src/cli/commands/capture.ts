import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { inTransaction } from '../../db/transaction.ts';
import { applyCalendar } from '../../domains/calendar/apply.ts';
import { MAX_CALENDAR_BYTES } from '../../domains/calendar/routes.ts';
import { runJobNow } from '../../domains/jobs/run-now.ts';
import { startSync } from '../../domains/mailboxes/mailboxes.ts';
import { mailboxes } from '../../domains/mailboxes/schema.ts';
import { JOB_KINDS } from '../../server/job-kinds.ts';
import { AppError } from '../../shared/errors.ts';
import { defineCommand, EXIT } from '../command.ts';
import { resolveUserByEmail, resolveWorkspace } from '../workspace.ts';

const UserFlag = z.email({ error: "must be a user's email" }).optional();

/** `kith calendar <file.ics>`: imports a calendar as `kith import` does contacts. */
export const calendarCommand = defineCommand({
  name: 'calendar',
  summary: 'Import an .ics calendar: past meetings logged, the next ones planned',
  usage: [
    'kith calendar <file.ics> [--user EMAIL] [--workspace NAME]',
    '',
    "  --user       whose calendar it is (default the workspace's first owner); they and their",
    '               teammates are left out of the attendees',
  ].join('\n'),
  options: { user: { type: 'string' }, workspace: { type: 'string' } },
  positionals: ['file'],
  Args: z.object({
    file: z.string().min(1, { error: 'must name a file' }),
    user: UserFlag,
    workspace: z.string().trim().min(1).optional(),
  }),
  localize: (raw) => (typeof raw.file === 'string' ? { ...raw, file: resolve(raw.file) } : raw),
  run: async ({ db, args, out }) => {
    const workspace = await resolveWorkspace({ db, name: args.workspace });
    const actorId = args.user
      ? await resolveUserByEmail({ db, workspaceId: workspace.id, email: args.user, flag: '--user' })
      : workspace.actorId;
    let text: string;
    try {
      if (statSync(args.file).size > MAX_CALENDAR_BYTES) {
        throw new AppError('payload_too_large', `<file>: ${args.file} is larger than 5 MB`);
      }
      text = readFileSync(args.file, 'utf8');
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError('not_found', `<file>: cannot read ${args.file}`);
    }
    const c = await inTransaction(db, (tx) =>
      applyCalendar({ db: tx, workspaceId: workspace.id, actorId, text }),
    );
    out(
      `${c.events} events: ${c.logged} logged, ${c.nextSteps} next steps, ${c.duplicates} already there, ${c.skipped} skipped.`,
    );
    return EXIT.ok;
  },
});

/** `kith sync`: syncs mailboxes now, one after the other, and says what each one read. */
export const syncCommand = defineCommand({
  name: 'sync',
  summary: 'Sync mailboxes now and show what each one logged',
  usage: [
    'kith sync [--user EMAIL] [--workspace NAME]',
    '',
    "  --user       only this user's mailboxes (default every mailbox of the workspace)",
  ].join('\n'),
  options: { user: { type: 'string' }, workspace: { type: 'string' } },
  positionals: [],
  Args: z.object({ user: UserFlag, workspace: z.string().trim().min(1).optional() }),
  run: async ({ db, args, out }) => {
    const workspace = await resolveWorkspace({ db, name: args.workspace });
    const userId = args.user
      ? await resolveUserByEmail({ db, workspaceId: workspace.id, email: args.user, flag: '--user' })
      : null;
    const rows = await db
      .select()
      .from(mailboxes)
      .where(and(eq(mailboxes.workspaceId, workspace.id), userId ? eq(mailboxes.userId, userId) : undefined))
      .orderBy(asc(mailboxes.createdAt));
    if (rows.length === 0) {
      out('No mailbox to sync: connect one in Settings > Mail & calendar, or with POST /api/mailboxes.');
      return EXIT.ok;
    }
    let failed = 0;
    for (const row of rows) {
      const scope = { workspaceId: workspace.id, actorId: row.userId, id: row.id };
      const jobId = await inTransaction(db, (tx) => startSync({ db: tx, ...scope }));
      const done = await runJobNow({
        db,
        kinds: JOB_KINDS,
        workspaceId: workspace.id,
        jobId,
        backoff: NO_WAIT,
      });
      const [after] = await db
        .select()
        .from(mailboxes)
        .where(and(eq(mailboxes.workspaceId, workspace.id), eq(mailboxes.id, row.id)));
      if (done.status !== 'done' || !after?.lastRun) {
        failed++;
        out(`${row.address}: failed: ${after?.lastError ?? done.lastError ?? 'unknown error'}`);
        continue;
      }
      const c = after.lastRun;
      out(
        `${row.address}: ${c.seen} read, ${c.logged} logged, ${c.duplicates} already there, ${c.suggested} suggested, ${c.skipped} skipped.`,
      );
    }
    return failed > 0 ? EXIT.failed : EXIT.ok;
  },
});

/** A CLI run says a failure at once instead of waiting out the job's backoff between attempts. */
const NO_WAIT = { baseMs: 10, capMs: 10 };
