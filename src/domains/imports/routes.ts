import multipart from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { route } from '../../server/route.ts';
import { AppError } from '../../shared/errors.ts';
import { IdParams } from '../../shared/validators.ts';
import { createImport } from './create-import.ts';
import { findImports, getImport } from './find-imports.ts';
import { presentImport, presentImportSummary } from './presenter.ts';
import {
  ImportPreviewInput,
  ImportPreviewOutput,
  PREVIEW_MAX_BYTES,
  presentPreview,
  previewImport,
} from './preview.ts';
import { MAX_IMPORT_BYTES } from './storage.ts';
import { undoImport } from './undo-import.ts';
import {
  ImportCreatedOutput,
  ImportFormInput,
  ImportListQuery,
  ImportOutput,
  ImportPageOutput,
} from './validators.ts';

const invalid = (field: string, message: string) =>
  new AppError('validation_failed', `${field}: ${message}`, [{ field, message }]);

/** The form's fields (which must come before the file), checked with Zod, errors naming `body.<field>`. */
function parseForm<S extends z.ZodType>(schema: S, fields: Record<string, string>): z.output<S> {
  const parsed = schema.safeParse(fields);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => ({
    field: ['body', ...i.path].join('.'),
    message: i.message,
  }));
  throw new AppError(
    'validation_failed',
    problems.map((p) => `${p.field}: ${p.message}`).join('; '),
    problems,
  );
}

/**
 * Reads a multipart form: checks its fields with `form`, then hands the file to `take` (which reads it
 * through). The file stops at `maxBytes` (default: the import's limit); that is a 413 unless
 * `allowTruncated`, when `take` sees `file.truncated` instead.
 */
async function takeUpload<S extends z.ZodType, R>(options: {
  request: FastifyRequest;
  form: S;
  maxBytes?: number;
  allowTruncated?: boolean;
  take: (upload: {
    fileName: string;
    file: AsyncIterable<Uint8Array> & { truncated: boolean };
    input: z.output<S>;
  }) => Promise<R>;
}): Promise<R> {
  const { request } = options;
  if (!request.isMultipart())
    throw invalid('body.file', 'send the file as multipart/form-data, in a field named "file"');
  const fields: Record<string, string> = {};
  let isTaken = false;
  let taken: R | undefined;
  const limits = options.maxBytes ? { limits: { fileSize: options.maxBytes } } : {};
  for await (const part of request.parts(limits)) {
    if (part.type === 'field') {
      if (isTaken) throw invalid(`body.${part.fieldname}`, 'must come before the file in the form');
      fields[part.fieldname] = String(part.value);
    } else if (part.fieldname === 'file' && !isTaken) {
      const input = parseForm(options.form, fields);
      taken = await options.take({ fileName: part.filename, file: part.file, input });
      isTaken = true;
      if (part.file.truncated && !options.allowTruncated) {
        throw new AppError(
          'payload_too_large',
          `body.file: the file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB`,
          [{ field: 'body.file', message: `must be at most ${MAX_IMPORT_BYTES / 1024 / 1024} MB` }],
        );
      }
    } else {
      part.file.resume();
    }
  }
  if (!isTaken) throw invalid('body.file', 'is required');
  return taken as R;
}

/** Imports: upload a CSV or vCard file, follow it, list past ones, undo one. */
export const importRoutes: FastifyPluginAsync = async (app) => {
  await app.register(multipart, {
    limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 10, fieldSize: 50_000, parts: 12 },
    throwFileSizeLimit: false,
  });

  route(app, {
    method: 'POST',
    url: '/api/imports',
    auth: 'write',
    tags: ['imports'],
    summary: 'Import contacts from a CSV or vCard file (multipart); runs as a job',
    description:
      'multipart/form-data with, before the file: `format` (google, outlook, linkedin, vcard, csv; detected when ' +
      'left out), `dryRun` (true to report without writing), `ownerId`, `tierId`, `tags` (comma-separated) for ' +
      'the contacts it creates, `mapping` (JSON: CSV header → field, for a generic CSV); then `file`. Answers 202 ' +
      'with the import id; follow it with GET /api/imports/{id}.',
    response: { 202: ImportCreatedOutput },
    errors: [413],
    handler: async ({ scope, request }) => {
      const row = await takeUpload({
        request,
        form: ImportFormInput,
        take: (upload) => createImport({ ...scope, ...upload }),
      });
      return { id: row.id, jobId: row.jobId ?? '', format: row.format };
    },
  });

  route(app, {
    method: 'POST',
    url: '/api/imports/preview',
    auth: 'write',
    tags: ['imports'],
    summary: "Preview a file's import: its format, how its columns map, its first records; writes nothing",
    description:
      'multipart/form-data with, before the file: `format` and `mapping` as for POST /api/imports, and `partial` ' +
      '(true when the file is only the start of a larger one, so a record cut off at its end is no error); then ' +
      `\`file\`. Reads at most ${PREVIEW_MAX_BYTES / 1024 / 1024} MB. A file the import would refuse is a 400 ` +
      'naming `body.file`; a header without a name or email column is reported in `problem` instead.',
    response: { 200: ImportPreviewOutput },
    // It writes nothing, so it holds no transaction while it reads the upload.
    transaction: false,
    handler: async ({ request }) =>
      takeUpload({
        request,
        form: ImportPreviewInput,
        maxBytes: PREVIEW_MAX_BYTES,
        allowTruncated: true,
        take: async ({ file, input }) => {
          const pieces: Uint8Array[] = [];
          for await (const piece of file) pieces.push(piece);
          async function* start() {
            yield* pieces;
          }
          const preview = await previewImport({
            file: start(),
            format: input.format ?? null,
            mapping: input.mapping ?? null,
            isPartial: input.partial || file.truncated,
          });
          return presentPreview(preview);
        },
      }),
  });

  route(app, {
    method: 'GET',
    url: '/api/imports',
    auth: 'read',
    tags: ['imports'],
    summary: 'Past imports, newest first',
    query: ImportListQuery,
    response: { 200: ImportPageOutput },
    handler: async ({ scope, query }) => {
      const page = await findImports({ ...scope, ...query });
      return { items: page.rows.map(presentImportSummary), nextCursor: page.nextCursor };
    },
  });

  route(app, {
    method: 'GET',
    url: '/api/imports/:id',
    auth: 'read',
    tags: ['imports'],
    summary: "An import's progress, counts and errors",
    params: IdParams,
    response: { 200: ImportOutput },
    handler: async ({ scope, params }) => presentImport(await getImport({ ...scope, id: params.id })),
  });

  route(app, {
    method: 'POST',
    url: '/api/imports/:id/undo',
    auth: 'write',
    tags: ['imports'],
    summary:
      'Undo an import: remove the contacts it created and revert what it changed, where untouched since',
    params: IdParams,
    response: { 200: ImportOutput },
    handler: async ({ scope, params }) => {
      await undoImport({ ...scope, id: params.id });
      return presentImport(await getImport({ ...scope, id: params.id }));
    },
  });
};
