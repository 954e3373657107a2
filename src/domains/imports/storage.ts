import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { importFileChunks } from './schema.ts';

/** The size of each stored piece of an uploaded file: big enough for few rows, small enough to hold one. */
export const CHUNK_BYTES = 1024 * 1024;

/** The largest file an import takes. */
export const MAX_IMPORT_BYTES = 512 * 1024 * 1024;

type FileRef = { db: Db; workspaceId: string; importId: string };

/** Regroups a stream of buffers of any size into pieces of CHUNK_BYTES (the last one shorter). */
export async function* rechunk(stream: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let size = 0;
  for await (const piece of stream) {
    let buf = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    while (size + buf.length >= CHUNK_BYTES) {
      const take = CHUNK_BYTES - size;
      parts.push(buf.subarray(0, take));
      yield Buffer.concat(parts);
      parts = [];
      size = 0;
      buf = buf.subarray(take);
    }
    if (buf.length) {
      parts.push(Buffer.from(buf));
      size += buf.length;
    }
  }
  if (size) yield Buffer.concat(parts);
}

/**
 * Stores an uploaded file in the store, piece by piece as it arrives, and returns its size. Files live in
 * the database, not on one server's disk, so any worker can run the import (docs/imports.md).
 */
export async function storeFile(options: FileRef & { pieces: AsyncIterable<Buffer> }): Promise<number> {
  let seq = 0;
  let bytes = 0;
  for await (const data of options.pieces) {
    await options.db
      .insert(importFileChunks)
      .values({ workspaceId: options.workspaceId, importId: options.importId, seq, data });
    seq++;
    bytes += data.length;
  }
  return bytes;
}

/** Reads a stored file back, one piece at a time (a query each), so a large file never sits in memory. */
export async function* readFile(options: FileRef): AsyncGenerator<Uint8Array> {
  for (let seq = 0; ; seq++) {
    const [chunk] = await options.db
      .select({ data: importFileChunks.data })
      .from(importFileChunks)
      .where(
        and(
          eq(importFileChunks.workspaceId, options.workspaceId),
          eq(importFileChunks.importId, options.importId),
          eq(importFileChunks.seq, seq),
        ),
      );
    if (!chunk) return;
    yield chunk.data;
  }
}

/** Drops a stored file once its import has run; the import keeps its counts, errors and changes. */
export async function deleteFile(options: FileRef): Promise<void> {
  await options.db.execute(
    sql`delete from ${importFileChunks} where workspace_id = ${options.workspaceId}::uuid and import_id = ${options.importId}::uuid`,
  );
}
