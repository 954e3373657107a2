import { sql } from 'drizzle-orm';
import {
  boolean,
  customType,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { idColumn, timestamps, workspaceIdColumn } from '../../db/columns.ts';

/** queued → running → done or failed; a done import that was undone is undone. */
export const IMPORT_STATUSES = ['queued', 'running', 'done', 'failed', 'undone'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export const IMPORT_FORMATS = ['google', 'outlook', 'linkedin', 'vcard', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Which import field a generic CSV column fills. */
export const IMPORT_FIELDS = [
  'name',
  'firstName',
  'lastName',
  'email',
  'phone',
  'company',
  'title',
  'linkedinUrl',
  'birthday',
  'note',
  'tags',
  'ignore',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** What a record came to and why, in words: what a dry run reports row by row. */
export type Decision = {
  row: number;
  action: 'created' | 'updated' | 'skipped';
  /** The existing contact it matched; null for one the import creates. */
  contactId: string | null;
  name: string;
  reason: string;
};

/** The options an import was asked with; they apply to the contacts it creates. */
export type ImportOptions = {
  ownerId: string | null;
  tierId: string | null;
  tags: string[];
  /** A generic CSV's header → field; other formats map their own columns. */
  mapping: Record<string, ImportField> | null;
};

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/** One uploaded file taken into the workspace, its progress (a checkpoint of rows done) and its counts. */
export const imports = pgTable(
  'imports',
  {
    workspaceId: workspaceIdColumn(),
    id: idColumn(),
    status: text('status', { enum: IMPORT_STATUSES }).notNull().default('queued'),
    format: text('format', { enum: IMPORT_FORMATS }).notNull(),
    fileName: text('file_name').notNull(),
    byteSize: integer('byte_size').notNull().default(0),
    dryRun: boolean('dry_run').notNull().default(false),
    options: jsonb('options').$type<ImportOptions>().notNull(),
    jobId: uuid('job_id'),
    createdBy: uuid('created_by'),
    /** Records in the file, known once the file has been read through and checked; null before. */
    total: integer('total'),
    /** Records done: every batch commits it with its writes, so a re-run resumes after it. */
    processed: integer('processed').notNull().default(0),
    created: integer('created').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    skipped: integer('skipped').notNull().default(0),
    errorCount: integer('error_count').notNull().default(0),
    /** Why the whole file was refused (not UTF-8, binary, empty…); nothing was written then. */
    failure: text('failure'),
    /** A dry run's first decisions, row by row: what each row would do, and why. */
    decisions: jsonb('decisions').$type<Decision[]>(),
    /** What undo could not revert, with reasons. */
    undoReport: jsonb('undo_report').$type<{ notUndone: { contactId: string; reason: string }[] }>(),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('imports_created_idx').on(t.workspaceId, t.createdAt, t.id),
  ],
);

/** The uploaded file, in chunks, until its import has run: files live in the store, not on one server's disk. */
export const importFileChunks = pgTable(
  'import_file_chunks',
  {
    workspaceId: workspaceIdColumn(),
    importId: uuid('import_id').notNull(),
    seq: integer('seq').notNull(),
    data: bytea('data').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.importId, t.seq] }),
    foreignKey({
      columns: [t.workspaceId, t.importId],
      foreignColumns: [imports.workspaceId, imports.id],
    }).onDelete('cascade'),
  ],
);

/** A row the import could not take whole: its number (1 = the first record), the field and why. */
export const importErrors = pgTable(
  'import_errors',
  {
    workspaceId: workspaceIdColumn(),
    importId: uuid('import_id').notNull(),
    row: integer('row').notNull(),
    field: text('field').notNull(),
    message: text('message').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.importId, t.row, t.field] }),
    foreignKey({
      columns: [t.workspaceId, t.importId],
      foreignColumns: [imports.workspaceId, imports.id],
    }).onDelete('cascade'),
  ],
);

export const CHANGE_ACTIONS = ['created', 'updated'] as const;

/**
 * What an import did to one contact or company: created it, or filled fields and added emails, phones,
 * tags and facts. `previous` holds the values it replaced and `applied` what it wrote (one key per added
 * item, such as `email:a@b.test`), so undo can revert only what nobody changed since. No foreign key to the
 * contact: undo must still say what became of a contact deleted since.
 */
export const importChanges = pgTable(
  'import_changes',
  {
    workspaceId: workspaceIdColumn(),
    importId: uuid('import_id').notNull(),
    entity: text('entity', { enum: ['contact', 'company'] }).notNull(),
    entityId: uuid('entity_id').notNull(),
    action: text('action', { enum: CHANGE_ACTIONS }).notNull(),
    /** The first record that led to it. */
    row: integer('row').notNull(),
    previous: jsonb('previous').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    applied: jsonb('applied').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    /** When the import last wrote it; a created contact changed after this was changed by someone else. */
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.importId, t.entity, t.entityId] }),
    foreignKey({
      columns: [t.workspaceId, t.importId],
      foreignColumns: [imports.workspaceId, imports.id],
    }).onDelete('cascade'),
  ],
);
