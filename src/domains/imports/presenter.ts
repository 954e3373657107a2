import type { ImportRow } from './find-imports.ts';
import type { ImportOutput } from './validators.ts';

/** Picks the API fields of an import in a list. */
export function presentImportSummary(
  row: ImportRow,
): Omit<ImportOutput, 'errors' | 'notUndone' | 'decisions'> {
  return {
    id: row.id,
    status: row.status,
    format: row.format,
    fileName: row.fileName,
    dryRun: row.dryRun,
    total: row.total,
    processed: row.processed,
    created: row.created,
    updated: row.updated,
    skipped: row.skipped,
    errorCount: row.errorCount,
    failure: row.failure,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/** Picks the API fields of one import, with its first errors and what undo left. */
export function presentImport(
  row: ImportRow & { errors: { row: number; field: string; message: string }[] },
): ImportOutput {
  return {
    ...presentImportSummary(row),
    errors: row.errors,
    notUndone: row.undoReport?.notUndone ?? [],
    decisions: row.decisions ?? [],
  };
}
