import { createReadStream, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { inTransaction } from '../../db/transaction.ts';
import { tiers } from '../../domains/cadence/schema.ts';
import { createImport } from '../../domains/imports/create-import.ts';
import { getImport } from '../../domains/imports/find-imports.ts';
import { IMPORT_FORMATS, imports } from '../../domains/imports/schema.ts';
import { runJobNow } from '../../domains/jobs/run-now.ts';
import { users } from '../../domains/workspaces/schema.ts';
import { JOB_KINDS } from '../../server/job-kinds.ts';
import { AppError } from '../../shared/errors.ts';
import { defineCommand, EXIT, type Out } from '../command.ts';
import { resolveWorkspace } from '../workspace.ts';
import { progressBar, progressLines } from './progress-bar.ts';

/**
 * The lease of an import run by the CLI: a killed `kith import` leaves its job to the next run once this
 * passes, so it is shorter than a server worker's (each heartbeat is a third of it).
 */
const CLI_LEASE_MS = 10_000;

const ImportArgs = z.object({
  file: z.string().min(1, { error: 'must name a file' }),
  format: z.enum(IMPORT_FORMATS, { error: `must be one of ${IMPORT_FORMATS.join(', ')}` }).optional(),
  workspace: z.string().trim().min(1).optional(),
  owner: z.email({ error: 'must be the email of a user of the workspace' }).optional(),
  tier: z.string().trim().min(1).max(100).optional(),
  dryRun: z.boolean().default(false),
});

async function userByEmail(db: Db, workspaceId: string, email: string): Promise<string> {
  const [user] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), eq(sql`lower(${users.email})`, email.toLowerCase())));
  if (!user) throw new AppError('not_found', `--owner: no user of the workspace has the email ${email}`);
  return user.id;
}

async function tierByName(db: Db, workspaceId: string, name: string): Promise<string> {
  const [tier] = await db
    .select({ id: tiers.id })
    .from(tiers)
    .where(and(eq(tiers.workspaceId, workspaceId), eq(sql`lower(${tiers.name})`, name.toLowerCase())));
  if (!tier) throw new AppError('not_found', `--tier: the workspace has no tier named "${name}"`);
  return tier.id;
}

/** An import of this same file (name and size) that a killed run left unfinished: run again, it resumes. */
async function unfinished(db: Db, workspaceId: string, fileName: string, byteSize: number, dryRun: boolean) {
  const [row] = await db
    .select({ id: imports.id, jobId: imports.jobId })
    .from(imports)
    .where(
      and(
        eq(imports.workspaceId, workspaceId),
        eq(imports.fileName, fileName),
        eq(imports.byteSize, byteSize),
        eq(imports.dryRun, dryRun),
        inArray(imports.status, ['queued', 'running']),
      ),
    )
    .limit(1);
  return row?.jobId ? { id: row.id, jobId: row.jobId } : null;
}

const WOULD = { created: 'would create', updated: 'would update', skipped: 'would skip' } as const;

function summary(done: Awaited<ReturnType<typeof getImport>>, out: Out): void {
  const decisions = done.decisions ?? [];
  for (const d of decisions.slice(0, 20)) out(`  row ${d.row}: ${WOULD[d.action]} ${d.name}: ${d.reason}`);
  if (decisions.length > 20) out(`  … and ${decisions.length - 20} more (GET /api/imports/${done.id})`);
  for (const e of done.errors.slice(0, 20)) out(`  row ${e.row}, ${e.field}: ${e.message}`);
  if (done.errorCount > 20) out(`  … and ${done.errorCount - 20} more (GET /api/imports/${done.id})`);
  const verb = done.dryRun ? 'Dry run, nothing written' : 'Imported';
  out(
    `${verb}: ${done.created} created, ${done.updated} updated, ${done.skipped} skipped, ${done.errorCount} errors (${done.format}, import ${done.id}).`,
  );
}

/** `kith import FILE`: takes contacts in from a Google, Outlook or LinkedIn CSV, a generic CSV or vCard. */
export const importCommand = defineCommand({
  name: 'import',
  summary: 'Import contacts from a CSV (Google, Outlook, LinkedIn, generic) or vCard file',
  usage: [
    'kith import FILE [--format google|outlook|linkedin|vcard|csv] [--workspace NAME] [--owner EMAIL]',
    '                 [--tier NAME] [--dry-run]',
    '',
    '  The format is detected from the file unless given. Contacts match by email, else by name and',
    '  company: a re-import fills empty fields and never duplicates. --owner and --tier apply to new',
    '  contacts. Run the same command again after an interruption and it resumes.',
  ].join('\n'),
  options: {
    format: { type: 'string' },
    workspace: { type: 'string' },
    owner: { type: 'string' },
    tier: { type: 'string' },
    'dry-run': { type: 'boolean' },
  },
  positionals: ['file'],
  Args: ImportArgs,
  localize: (raw) => (typeof raw.file === 'string' ? { ...raw, file: resolve(raw.file) } : raw),
  run: async ({ db, args, out, store }) => {
    const workspace = await resolveWorkspace({ db, name: args.workspace });
    const workspaceId = workspace.id;
    let size: number;
    try {
      size = statSync(args.file).size;
    } catch {
      throw new AppError('not_found', `<file>: cannot read ${args.file}`);
    }
    const fileName = basename(args.file);
    let target = await unfinished(db, workspaceId, fileName, size, args.dryRun);
    if (target) out(`Resuming the unfinished import of ${fileName}…`);
    else {
      const ownerId = args.owner ? await userByEmail(db, workspaceId, args.owner) : workspace.actorId;
      const tierId = args.tier ? await tierByName(db, workspaceId, args.tier) : undefined;
      const row = await inTransaction(db, (tx) =>
        createImport({
          db: tx,
          workspaceId,
          actorId: workspace.actorId,
          fileName,
          file: createReadStream(args.file),
          input: {
            format: args.format,
            dryRun: args.dryRun,
            ownerId: ownerId ?? undefined,
            tierId,
            tags: undefined,
            mapping: undefined,
          },
        }),
      );
      if (!row.jobId) throw new Error('the import has no job');
      target = { id: row.id, jobId: row.jobId };
      out(`Importing ${fileName} into ${workspace.name} (import ${row.id})…`);
    }
    // When this process runs the import itself: a bar for a person at a terminal, else lines for a log.
    const bar = store
      ? process.stderr.isTTY
        ? progressBar(process.stderr)
        : progressLines(process.stderr)
      : null;
    try {
      await runJobNow({
        db,
        kinds: JOB_KINDS,
        workspaceId,
        jobId: target.jobId,
        leaseMs: CLI_LEASE_MS,
        onProgress: (p) => bar?.update(p.processed, p.total ?? null),
      });
    } finally {
      bar?.done();
    }
    const done = await getImport({ db, workspaceId, id: target.id });
    if (done.status === 'failed') {
      out(`Not imported: ${done.failure ?? 'the import failed'}`);
      return EXIT.failed;
    }
    summary(done, out);
    return EXIT.ok;
  },
});
