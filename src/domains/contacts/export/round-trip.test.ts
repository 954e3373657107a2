import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, openTestApp, type TestApp } from '../../../test/http.ts';
import { contactSnapshot, importBytes } from '../../imports/test-helpers.ts';
import { buildUser, type TestUser } from '../../workspaces/factories.ts';

// Exporting a workspace's contacts and importing the file into an empty workspace gives the same
// contacts: names, titles, companies, emails, phones, tags, birthdays and facts.

let t: TestApp;
let source: TestUser;

beforeAll(async () => {
  t = await openTestApp();
  source = await buildUser(t.store.db);
  const api = apiAs(t.app, source.token);
  const company = await api.post('/api/companies', { name: 'Fjord & Sons' });
  expect(company.status, JSON.stringify(company.body)).toBe(201);
  const people = [
    {
      firstName: 'Åsa',
      lastName: 'Lindqvist',
      title: 'Head of Buying; Nordics',
      companyId: company.body.id,
      emails: ['asa@fjord.example', 'asa.lindqvist@mail.example'],
      phones: [
        { label: 'work', number: '+46 8 123 456' },
        { label: null, number: '+46 70 555 0101' },
      ],
      tags: ['vip', 'nordics'],
      birthday: '1984-02-29',
      linkedinUrl: 'https://www.linkedin.com/in/asa-lindqvist',
    },
    { firstName: 'Bo', lastName: 'Chen', emails: ['bo@example.test'], tags: ['golf, tennis'] },
    { firstName: 'Cy', lastName: '', phones: [{ label: 'mobile', number: '+1 555 0100' }] },
  ];
  for (const [i, person] of people.entries()) {
    const made = await api.post('/api/contacts', person);
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    if (i === 0) {
      for (const text of ['Loves sailing, and cardamom buns', 'Two kids:\nEbba and Nils']) {
        const fact = await api.post(`/api/contacts/${made.body.id}/facts`, { text });
        expect(fact.status, JSON.stringify(fact.body)).toBe(201);
      }
    }
  }
});
afterAll(() => t.close());

/** What must survive the round trip, without what belongs to a workspace (ids, owner, tier, due state). */
const portable = (rows: Record<string, unknown>[]) =>
  rows.map((r) => ({
    first_name: r.first_name,
    last_name: r.last_name,
    title: r.title,
    linkedin_url: r.linkedin_url,
    company: r.company,
    birthday: r.birthday,
    tags: [...((r.tags as string[]) ?? [])].sort(),
    phones: r.phones,
    emails: r.emails,
    facts: r.facts,
  }));

describe('export, then import into an empty workspace', () => {
  for (const [format, file] of [
    ['vcard', 'contacts.vcf'],
    ['vcard&version=3.0', 'contacts.vcf'],
    ['csv', 'contacts.csv'],
  ] as const) {
    it(`gives the same contacts (${format})`, async () => {
      const exported = await t.app.inject({
        method: 'GET',
        url: `/api/contacts/export?format=${format}`,
        headers: { authorization: `Bearer ${source.token}` },
      });
      expect(exported.statusCode, exported.body).toBe(200);
      const target = await buildUser(t.store.db);
      const result = await importBytes({
        db: t.store.db,
        workspaceId: target.workspaceId,
        actorId: target.userId,
        bytes: exported.body,
        fileName: file,
      });
      expect(result.errors).toEqual([]);
      expect(result).toMatchObject({ status: 'done', created: 3, updated: 0 });
      const before = portable(await contactSnapshot(t.store.db, source.workspaceId));
      const after = portable(await contactSnapshot(t.store.db, target.workspaceId));
      expect(after).toEqual(before);
    });
  }
});
