import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiAs, openTestApp, type TestApp } from '../../test/http.ts';
import { buildCompany } from '../companies/factories.ts';
import { buildContact } from '../contacts/factories.ts';
import { buildFact } from '../facts/factories.ts';
import { buildUser, type TestUser } from '../workspaces/factories.ts';
import { renderTemplate } from './render.ts';

let t: TestApp;
let owner: TestUser;
let api: Api;

beforeAll(async () => {
  t = await openTestApp();
  owner = await buildUser(t.store.db, { workspace: 'Templates' });
  api = apiAs(t.app, owner.token);
  await api.patch('/api/auth/me', { name: 'Olga Owner' });
});
afterAll(() => t.close());

const FOLLOW_UP = {
  name: 'Follow-up 1',
  subject: 'Quick question, {{contact.firstName | "there"}}',
  body: 'Hi {{contact.firstName}},\n\nHow is {{company.name}}? Last time: {{fact.latest}}.\n\n{{user.firstName}}',
};

describe('rendering a template', () => {
  it('fills fields, falls back, lists what is missing, and escapes only the HTML', () => {
    const rendered = renderTemplate(FOLLOW_UP, {
      'contact.firstName': 'Ada <b>',
      'company.name': null,
      'user.firstName': 'Olga',
      'fact.latest': 'Tom & Jerry fan',
    });
    expect(rendered.subject).toBe('Quick question, Ada <b>');
    expect(rendered.body).toBe('Hi Ada <b>,\n\nHow is {{company.name}}? Last time: Tom & Jerry fan.\n\nOlga');
    expect(rendered.html).toContain('Hi Ada &lt;b&gt;,<br>');
    expect(rendered.html).toContain('Tom &amp; Jerry fan');
    expect(rendered.missing).toEqual(['company.name']);
    expect(renderTemplate(FOLLOW_UP, { 'contact.firstName': ' ' }).subject).toBe('Quick question, there');
  });
});

describe('the template API', () => {
  it('creates, lists, previews against a real contact, edits and deletes a template', async () => {
    const acme = await buildCompany(t.store.db, owner.workspaceId, { name: 'Acme' });
    const ada = await buildContact(t.store.db, owner.workspaceId, { firstName: 'Ada', companyId: acme.id });
    await buildFact(t.store.db, owner.workspaceId, { contactId: ada.id, text: 'Ran a marathon' });
    await buildFact(t.store.db, owner.workspaceId, { contactId: ada.id, text: 'A secret', isPrivate: true });
    const bare = await buildContact(t.store.db, owner.workspaceId, { firstName: 'Bo' });

    const created = await api.post('/api/templates', FOLLOW_UP);
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const listed = await api.get('/api/templates');
    expect(listed.body.items.map((x: { name: string }) => x.name)).toEqual(['Follow-up 1']);
    expect(listed.body.fields.map((f: { name: string }) => f.name)).toContain('fact.latest');

    const preview = await api.post(`/api/templates/${id}/preview`, { contactId: ada.id });
    expect(preview.body).toMatchObject({
      subject: 'Quick question, Ada',
      body: 'Hi Ada,\n\nHow is Acme? Last time: Ran a marathon.\n\nOlga',
      missing: [],
    });
    const gaps = await api.post(`/api/templates/${id}/preview`, { contactId: bare.id });
    expect(gaps.body.missing).toEqual(['company.name', 'fact.latest']);
    expect(gaps.body.body).toContain('How is {{company.name}}?');

    const draft = await api.post('/api/templates/preview', {
      contactId: ada.id,
      subject: 'Hello {{contact.lastName | "friend"}}',
      body: 'Draft',
    });
    expect(draft.body.subject).toMatch(/^Hello Person /);

    const taken = await api.post('/api/templates', { ...FOLLOW_UP, name: 'follow-up 1' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.fields[0].field).toBe('body.name');
    const renamed = await api.patch(`/api/templates/${id}`, { name: 'Follow-up one' });
    expect(renamed.body.name).toBe('Follow-up one');
    expect((await api.delete(`/api/templates/${id}`)).status).toBe(204);
    expect((await api.get(`/api/templates/${id}`)).status).toBe(404);
  });

  it('refuses unknown fields and logic in words, naming the field, and writes nothing', async () => {
    const unknown = await api.post('/api/templates', {
      ...FOLLOW_UP,
      name: 'Bad',
      body: 'Hi {{contact.nickname}}',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields[0]).toMatchObject({
      field: 'body.body',
      message: expect.stringContaining('uses an unknown field {{contact.nickname}}'),
    });
    for (const body of [
      '{{#contact.firstName}}Hi{{/contact.firstName}}',
      '{{> partial}}',
      '{{{contact.firstName}}}',
    ]) {
      const res = await api.post('/api/templates', { ...FOLLOW_UP, name: 'Logic', body });
      expect(res.status, body).toBe(400);
      expect(res.body.error.fields[0].field).toBe('body.body');
    }
    const unclosed = await api.post('/api/templates', {
      ...FOLLOW_UP,
      name: 'Open',
      subject: 'Hi {{contact.firstName',
    });
    expect(unclosed.status).toBe(400);
    expect((await api.get('/api/templates')).body.items.map((x: { name: string }) => x.name)).not.toContain(
      'Bad',
    );
  });
});
