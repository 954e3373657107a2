import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../shared/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { assertRefsExist } from '../contacts/references.ts';
import { enqueueJob } from '../jobs/enqueue.ts';
import { readRecords } from './formats/index.ts';
import { ImportFileError } from './formats/text.ts';
import { importJob } from './import-job.ts';
import { type ImportFormat, imports } from './schema.ts';
import { rechunk, storeFile } from './storage.ts';
import type { ImportFormInput } from './validators.ts';

type Write = { db: Db; workspaceId: string; actorId: string | null };

/** The 400 for a file refused as a whole, naming `body.file`. */
export function refusedFile(error: ImportFileError): AppError {
  return new AppError('validation_failed', `body.file: ${error.message}`, [
    { field: 'body.file', message: error.message },
  ]);
}

/**
 * The format of a file from its first piece: what it says (vCard, or a CSV header of Google, Outlook or
 * LinkedIn), or the one given. A first piece that is not text at all (binary, not UTF-8, empty) is refused
 * here; anything wrong further in is found when the job reads the whole file, before it writes.
 */
export async function sniffFormat(options: {
  first: Uint8Array | null;
  format: ImportFormat | null;
  mapping: ImportFormInput['mapping'] | null;
}): Promise<ImportFormat> {
  let found: ImportFormat | null = null;
  async function* pieces() {
    if (options.first) yield options.first;
  }
  try {
    for await (const _ of readRecords({
      chunks: pieces(),
      format: options.format,
      mapping: options.mapping ?? null,
      onHead: (head) => {
        found = head.format;
      },
    })) {
      break;
    }
  } catch (error) {
    // The first piece may end inside a quoted field or a card: only errors before the header count.
    if (!(error instanceof ImportFileError) || found) return found ?? options.format ?? 'csv';
    throw refusedFile(error);
  }
  return found ?? options.format ?? 'csv';
}

/**
 * Takes an uploaded file in: stores it piece by piece, records the import with its options and detected
 * format, and enqueues the job that reads it (in the caller's transaction, so an upload that fails leaves
 * nothing behind). Returns the import row.
 */
export async function createImport(
  options: Write & { fileName: string; file: AsyncIterable<Uint8Array>; input: ImportFormInput },
) {
  const { db, workspaceId, actorId, input } = options;
  await assertRefsExist({
    db,
    workspaceId,
    refs: { ownerId: input.ownerId, tierId: input.tierId },
    prefix: 'body',
  });
  const [row] = await db
    .insert(imports)
    .values({
      workspaceId,
      format: input.format ?? 'csv',
      fileName: options.fileName.slice(0, 200) || 'upload',
      dryRun: input.dryRun,
      createdBy: actorId,
      options: {
        ownerId: input.ownerId ?? actorId,
        tierId: input.tierId ?? null,
        tags: input.tags ?? [],
        mapping: input.mapping ?? null,
      },
    })
    .returning();
  if (!row) throw new Error('import insert returned nothing');
  let first: Uint8Array | null = null;
  async function* keepFirst() {
    for await (const piece of rechunk(options.file)) {
      first ??= piece;
      yield piece;
    }
  }
  const byteSize = await storeFile({ db, workspaceId, importId: row.id, pieces: keepFirst() });
  const format = await sniffFormat({ first, format: input.format ?? null, mapping: input.mapping ?? null });
  const job = await enqueueJob({ db, workspaceId, job: importJob, payload: { importId: row.id } });
  const [saved] = await db
    .update(imports)
    .set({ format, byteSize, jobId: job.id })
    .where(and(eq(imports.workspaceId, workspaceId), eq(imports.id, row.id)))
    .returning();
  await recordAudit({
    db,
    workspaceId,
    actorId,
    action: 'create',
    entity: 'import',
    entityId: row.id,
    changes: { fileName: row.fileName, format, dryRun: row.dryRun, byteSize },
  });
  return saved ?? row;
}
