import multipart from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { route } from '../../server/route.ts';
import { AppError } from '../../shared/errors.ts';
import { IdParams } from '../../shared/validators.ts';
import { createImport } from './create-import.ts';
import { findImports, getImport } from './find-imports.ts';
import { presentImport, presentImportSummary } from './presenter.ts';
import type { ImportFormat } from './schema.ts';
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
function parseForm(fields: Record<string, string>): ImportFormInput {
  const parsed = ImportFormInput.safeParse(fields);
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

/** Reads the multipart form and streams its file into a new import, in the route's transaction. */
async function takeUpload(
  request: FastifyRequest,
  start: (options: {
    fileName: string;
    file: AsyncIterable<Uint8Array>;
    input: ImportFormInput;
  }) => Promise<{ id: string; jobId: string | null; format: ImportFormat }>,
) {
  if (!request.isMultipart())
    throw invalid('body.file', 'send the file as multipart/form-data, in a field named "file"');
  const fields: Record<string, string> = {};
  let created: Awaited<ReturnType<typeof start>> | null = null;
  for await (const part of request.parts()) {
    if (part.type === 'field') {
      if (created) throw invalid(`body.${part.fieldname}`, 'must come before the file in the form');
      fields[part.fieldname] = String(part.value);
    } else if (part.fieldname === 'file' && !created) {
      created = await start({ fileName: part.filename, file: part.file, input: parseForm(fields) });
      if (part.file.truncated) {
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
  if (!created) throw invalid('body.file', 'is required');
  return created;
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
      const row = await takeUpload(request, (upload) => createImport({ ...scope, ...upload }));
      return { id: row.id, jobId: row.jobId ?? '', format: row.format };
    },
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
