import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { route } from '../../server/route.ts';
import { MERGE_FIELDS, type MergeField } from '../../shared/template-input.ts';
import { IdParams } from '../../shared/validators.ts';
import { presentTemplate } from './presenter.ts';
import {
  createTemplate,
  deleteTemplate,
  findTemplates,
  getTemplate,
  previewTemplate,
  updateTemplate,
} from './templates.ts';
import {
  DraftPreviewInput,
  PreviewInput,
  PreviewOutput,
  TemplateInput,
  TemplateListOutput,
  TemplateOutput,
  TemplatePatchInput,
} from './validators.ts';

const TAGS = ['templates'];
const FIELDS = Object.entries(MERGE_FIELDS).map(([name, description]) => ({
  name: name as MergeField,
  description,
}));

/** The team's email templates, with merge fields and a preview against a real contact. */
export const templateRoutes: FastifyPluginAsync = async (app) => {
  route(app, {
    method: 'GET',
    url: '/api/templates',
    auth: 'read',
    tags: TAGS,
    summary: "The workspace's email templates by name, and the merge fields they may use",
    response: { 200: TemplateListOutput },
    handler: async ({ scope }) => ({
      items: (await findTemplates(scope)).map(presentTemplate),
      fields: FIELDS,
    }),
  });

  route(app, {
    method: 'POST',
    url: '/api/templates',
    auth: 'write',
    tags: TAGS,
    summary: 'Create a template: a subject and a plain-text body with {{field}} or {{field | "fallback"}}',
    description:
      'Logic-less: only plain merge fields (GET /api/templates lists them); sections, partials and unknown ' +
      'fields are a 400 naming `body.subject` or `body.body`. A name another template has is a 409.',
    body: TemplateInput,
    response: { 201: TemplateOutput },
    handler: async ({ scope, body }) => presentTemplate(await createTemplate({ ...scope, input: body })),
  });

  route(app, {
    method: 'POST',
    url: '/api/templates/preview',
    auth: 'read',
    tags: TAGS,
    summary: "Preview unsaved template text against a contact (the editor's live view); writes nothing",
    body: DraftPreviewInput,
    response: { 200: PreviewOutput },
    handler: async ({ scope, body }) =>
      previewTemplate({
        ...scope,
        contactId: body.contactId,
        draft: { subject: body.subject, body: body.body },
      }),
  });

  route(app, {
    method: 'GET',
    url: '/api/templates/:id',
    auth: 'read',
    tags: TAGS,
    summary: 'One template',
    params: IdParams,
    response: { 200: TemplateOutput },
    handler: async ({ scope, params }) => presentTemplate(await getTemplate({ ...scope, id: params.id })),
  });

  route(app, {
    method: 'PATCH',
    url: '/api/templates/:id',
    auth: 'write',
    tags: TAGS,
    summary: 'Change a template',
    params: IdParams,
    body: TemplatePatchInput,
    response: { 200: TemplateOutput },
    handler: async ({ scope, params, body }) =>
      presentTemplate(await updateTemplate({ ...scope, id: params.id, input: body })),
  });

  route(app, {
    method: 'DELETE',
    url: '/api/templates/:id',
    auth: 'write',
    tags: TAGS,
    summary: 'Delete a template',
    params: IdParams,
    response: { 204: z.null() },
    handler: async ({ scope, params }) => {
      await deleteTemplate({ ...scope, id: params.id });
      return null;
    },
  });

  route(app, {
    method: 'POST',
    url: '/api/templates/:id/preview',
    auth: 'read',
    tags: TAGS,
    summary: 'A template as a contact would receive it from you, and the fields it has no value for',
    description:
      'A field with no value falls back to its `| "fallback"`; one with neither is listed in `missing` and ' +
      'shown as its tag: a send refuses it (422 naming the field) rather than sending a blank.',
    params: IdParams,
    body: PreviewInput,
    response: { 200: PreviewOutput },
    handler: async ({ scope, params, body }) =>
      previewTemplate({ ...scope, id: params.id, contactId: body.contactId }),
  });
};
