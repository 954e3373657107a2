import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { Progress } from '../jobs/define-job.ts';
import { decideBatch, writeBatch } from './apply-batch.ts';
import { readRecords } from './formats/index.ts';
import { ImportFileError } from './formats/text.ts';
import { cleanRecord, type ImportRecord, type RowError } from './record.ts';
import { type Decision, importErrors, imports } from './schema.ts';
import { deleteFile, readFile } from './storage.ts';

/** Records per transaction: each batch commits its writes with the checkpoint. */
export const IMPORT_BATCH = 1000;
/** Errors kept per import; the count goes on past it. */
export const MAX_STORED_ERRORS = 1000;
/** A dry run's decisions kept, row by row; the counts cover every row. */
export const MAX_STORED_DECISIONS = 1000;

type Run = {
  db: Db;
  workspaceId: string;
  importId: string;
  progress?: (p: Progress) => void;
  signal?: AbortSignal;
};
type Counts = {
  created: number;
  updated: number;
  skipped: number;
  errors: RowError[];
  decisions: Decision[];
};
type ImportRow = typeof imports.$inferSelect;

const where = (o: Run) => and(eq(imports.workspaceId, o.workspaceId), eq(imports.id, o.importId));

/** Stops a dry run's transaction, so nothing it wrote stays. */
class DryRunDone extends Error {}

async function finish(options: Run, set: Partial<ImportRow>) {
  await inTransaction(options.db, async (tx) => {
    await tx
      .update(imports)
      .set({ ...set, finishedAt: new Date(), updatedAt: new Date() })
      .where(where(options));
    await deleteFile({ ...options, db: tx });
  });
}

/** The file's rows in order, cleaned; a row that cannot be read at all becomes an error. */
async function* cleanRows(options: Run, row: ImportRow) {
  for await (const parsed of readRecords({
    // A dry run reads inside its transaction (the embedded store has one connection).
    chunks: readFile(options),
    format: row.format,
    mapping: row.options.mapping,
  })) {
    options.signal?.throwIfAborted();
    if ('error' in parsed)
      yield {
        row: parsed.row,
        record: null,
        errors: [{ row: parsed.row, field: 'card', message: parsed.error }],
      };
    else yield { row: parsed.row, ...cleanRecord(parsed) };
  }
}

/** Decides and writes one batch in `tx`, returning its counts. */
async function applyRows(
  options: Run & { tx: Db; row: ImportRow; records: ImportRecord[]; errors: RowError[] },
): Promise<Counts> {
  const { tx, row } = options;
  const scope = {
    db: tx,
    workspaceId: options.workspaceId,
    actorId: row.createdBy,
    importId: options.importId,
  };
  const plan = await decideBatch({ ...scope, records: options.records, importOptions: row.options });
  await writeBatch({ ...scope, plan, importOptions: row.options, now: new Date() });
  const refused = new Set(
    options.errors.filter((e) => !options.records.some((r) => r.row === e.row)).map((e) => e.row),
  );
  return {
    created: plan.created,
    updated: plan.updated,
    skipped: plan.skipped + refused.size,
    errors: [...options.errors, ...plan.errors],
    decisions: plan.decisions,
  };
}

/** Rows after which a large import refreshes the planner's statistics of the tables it fills. */
const ANALYZE_AFTER = [2_000, 20_000, 200_000];

/**
 * ANALYZE of the tables an import grows. A workspace's first import can take contacts from a few rows to
 * a million; with the statistics of the empty table the planner keeps choosing plans for a tiny one (the
 * match queries then read the whole table per batch), and autovacuum comes too late within one import.
 */
async function refreshStatistics(db: Db) {
  await db.execute(sql`analyze contacts, contact_emails, companies`);
}

/** Keeps the first error per row and field, as the error table does. */
function distinctErrors(errors: RowError[]): RowError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.row}\u0000${e.field}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

async function saveErrors(tx: Db, options: Run, errors: RowError[], storedBefore: number) {
  const room = Math.max(0, MAX_STORED_ERRORS - storedBefore);
  const kept = distinctErrors(errors).slice(0, room);
  if (kept.length === 0) return;
  await tx
    .insert(importErrors)
    .values(kept.map((e) => ({ ...e, workspaceId: options.workspaceId, importId: options.importId })))
    .onConflictDoNothing();
}

/** Reads the whole file once, counting its records, so a malformed file is refused before anything is written. */
async function countRecords(options: Run, row: ImportRow): Promise<number> {
  let total = 0;
  for await (const _ of cleanRows(options, row)) total++;
  return total;
}

/** Batches of cleaned rows, starting after `skip` rows. */
async function* batches(options: Run, row: ImportRow, skip: number) {
  let records: ImportRecord[] = [];
  let errors: RowError[] = [];
  let end = skip;
  for await (const item of cleanRows(options, row)) {
    if (item.row <= skip) continue;
    if (item.record) records.push(item.record);
    errors.push(...item.errors);
    end = item.row;
    if (end - skip >= IMPORT_BATCH) {
      yield { records, errors, start: skip, end };
      skip = end;
      records = [];
      errors = [];
    }
  }
  if (end > skip) yield { records, errors, start: skip, end };
}

/**
 * Runs an import to its end: checks the whole file, then takes it in batches, each in its own transaction
 * with the checkpoint (rows done), so a run that is killed and started again resumes where the last commit
 * left it and ends as one uninterrupted run would. A dry run does the same in one transaction it rolls back,
 * keeping only the counts and errors. A file refused as a whole fails the import and writes nothing else.
 */
export async function runImport(options: Run): Promise<void> {
  const [row] = await options.db.select().from(imports).where(where(options));
  if (!row || row.status === 'done' || row.status === 'failed' || row.status === 'undone') return;
  let total = row.total;
  if (total === null) {
    try {
      total = await countRecords(options, row);
    } catch (error) {
      if (!(error instanceof ImportFileError)) throw error;
      await finish(options, { status: 'failed', failure: error.message });
      return;
    }
    if (total === 0) {
      const failure =
        row.format === 'vcard' ? 'The file has no cards.' : 'The file has a header but no contacts under it.';
      await finish(options, { status: 'failed', failure, total: 0 });
      return;
    }
    await options.db
      .update(imports)
      .set({ total, status: 'running', updatedAt: new Date() })
      .where(where(options));
  }
  options.progress?.({ processed: row.processed, total });
  if (row.dryRun) return dryRun(options, row, total);

  for await (const batch of batches(options, row, row.processed)) {
    await inTransaction(options.db, async (tx) => {
      const counts = await applyRows({ ...options, tx, row, ...batch });
      const [saved] = await tx
        .update(imports)
        .set({
          processed: batch.end,
          created: sql`${imports.created} + ${counts.created}`,
          updated: sql`${imports.updated} + ${counts.updated}`,
          skipped: sql`${imports.skipped} + ${counts.skipped}`,
          errorCount: sql`${imports.errorCount} + ${counts.errors.length}`,
          updatedAt: new Date(),
        })
        .where(and(where(options), eq(imports.processed, batch.start)))
        .returning({ errorCount: imports.errorCount });
      // Another worker took this import over and moved past this batch: leave it to that worker.
      if (!saved)
        throw new Error(`import ${options.importId}: rows ${batch.start + 1}… were taken by another run`);
      await saveErrors(tx, options, counts.errors, saved.errorCount - counts.errors.length);
    });
    options.progress?.({ processed: batch.end, total });
    if (ANALYZE_AFTER.some((n) => batch.start < n && batch.end >= n)) await refreshStatistics(options.db);
  }
  await finish(options, { status: 'done' });
}

async function dryRun(options: Run, row: ImportRow, total: number): Promise<void> {
  const totals: Counts = { created: 0, updated: 0, skipped: 0, errors: [], decisions: [] };
  try {
    await inTransaction(options.db, async (tx) => {
      for await (const batch of batches({ ...options, db: tx }, row, 0)) {
        const counts = await applyRows({ ...options, tx, row, ...batch });
        totals.created += counts.created;
        totals.updated += counts.updated;
        totals.skipped += counts.skipped;
        totals.errors.push(...counts.errors.slice(0, Math.max(0, MAX_STORED_ERRORS - totals.errors.length)));
        totals.decisions.push(
          ...counts.decisions.slice(0, Math.max(0, MAX_STORED_DECISIONS - totals.decisions.length)),
        );
        options.progress?.({ processed: batch.end, total });
      }
      throw new DryRunDone();
    });
  } catch (error) {
    if (!(error instanceof DryRunDone)) throw error;
  }
  await inTransaction(options.db, async (tx) => {
    await saveErrors(tx, options, totals.errors, 0);
  });
  await finish(options, {
    status: 'done',
    processed: total,
    created: totals.created,
    updated: totals.updated,
    skipped: totals.skipped,
    errorCount: totals.errors.length,
    decisions: totals.decisions,
  });
}
