import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import type { TemplateInput, TemplatePatchInput } from '../../shared/template-input.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { mergeValues } from './merge-values.ts';
import { assertRenderable, type Rendered, renderTemplate } from './render.ts';
import { templates } from './schema.ts';

export type TemplateRow = typeof templates.$inferSelect;

type Scope = { db: Db; workspaceId: string };
type Write = Scope & { actorId: string };

const byId = (workspaceId: string, id: string) =>
  and(eq(templates.workspaceId, workspaceId), eq(templates.id, id));

/** A name another template of the workspace has is a 409 naming `body.name`. */
async function assertNameFree(options: Scope & { name: string; exceptId?: string }) {
  const [taken] = await options.db
    .select({ id: templates.id })
    .from(templates)
    .where(
      and(
        eq(templates.workspaceId, options.workspaceId),
        eq(sql`lower(${templates.name})`, options.name.toLowerCase()),
        options.exceptId ? sql`${templates.id} <> ${options.exceptId}::uuid` : undefined,
      ),
    );
  if (taken) {
    const message = 'is taken by another template';
    throw new AppError('conflict', `body.name: ${message}`, [{ field: 'body.name', message }]);
  }
}

export async function createTemplate(options: Write & { input: TemplateInput }): Promise<TemplateRow> {
  const { db, workspaceId, actorId, input } = options;
  assertRenderable(input.subject, 'body.subject');
  assertRenderable(input.body, 'body.body');
  await assertNameFree({ db, workspaceId, name: input.name });
  const [row] = await db
    .insert(templates)
    .values({ workspaceId, ...input, createdBy: actorId })
    .returning();
  if (!row) throw new Error('template insert returned nothing');
  await recordAudit({
    db,
    workspaceId,
    actorId,
    action: 'create',
    entity: 'template',
    entityId: row.id,
    changes: { name: row.name },
  });
  return row;
}

/** The workspace's templates by name. */
export async function findTemplates(options: Scope): Promise<TemplateRow[]> {
  return options.db
    .select()
    .from(templates)
    .where(eq(templates.workspaceId, options.workspaceId))
    .orderBy(asc(sql`lower(${templates.name})`), asc(templates.id));
}

export async function getTemplate(options: Scope & { id: string; field?: string }): Promise<TemplateRow> {
  const [row] = await options.db.select().from(templates).where(byId(options.workspaceId, options.id));
  if (!row) throw notFound('Template', options.id, options.field);
  return row;
}

export async function updateTemplate(
  options: Write & { id: string; input: TemplatePatchInput },
): Promise<TemplateRow> {
  const { db, workspaceId, actorId, input } = options;
  const before = await getTemplate(options);
  if (input.subject !== undefined) assertRenderable(input.subject, 'body.subject');
  if (input.body !== undefined) assertRenderable(input.body, 'body.body');
  if (input.name !== undefined)
    await assertNameFree({ db, workspaceId, name: input.name, exceptId: before.id });
  const [row] = await db
    .update(templates)
    .set({ ...input, updatedAt: new Date() })
    .where(byId(workspaceId, before.id))
    .returning();
  if (!row) throw notFound('Template', options.id);
  await recordAudit({
    db,
    workspaceId,
    actorId,
    action: 'update',
    entity: 'template',
    entityId: row.id,
    changes: input,
  });
  return row;
}

export async function deleteTemplate(options: Write & { id: string }): Promise<void> {
  const { db, workspaceId, actorId } = options;
  const row = await getTemplate(options);
  await db.delete(templates).where(byId(workspaceId, row.id));
  await recordAudit({
    db,
    workspaceId,
    actorId,
    action: 'delete',
    entity: 'template',
    entityId: row.id,
    changes: { name: row.name },
  });
}

/**
 * A template as one contact would receive it from the caller: the fields filled, and those with no value
 * and no fallback in `missing` (a send refuses them). `draft` previews unsaved text (the editor's live view).
 */
export async function previewTemplate(
  options: Write & { id?: string; draft?: { subject: string; body: string }; contactId: string },
): Promise<Rendered> {
  const template = options.draft ?? (await getTemplate({ ...options, id: options.id ?? '' }));
  const values = await mergeValues({ ...options, userId: options.actorId });
  return renderTemplate(template, values);
}
