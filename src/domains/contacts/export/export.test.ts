import { parse as parseCsv } from 'csv-parse/sync';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, openTestApp, type TestApp } from '../../../test/http.ts';
import { buildTier } from '../../cadence/factories.ts';
import { buildCompany } from '../../companies/factories.ts';
import { buildFact } from '../../facts/factories.ts';
import { buildUser, type TestUser } from '../../workspaces/factories.ts';
import { buildContact } from '../factories.ts';
import { CSV_COLUMNS } from './csv.ts';
import { EXPORT_PAGE } from './export-contacts.ts';

let t: TestApp;
let owner: TestUser;
let member: TestUser;
let ada: { id: string };

beforeAll(async () => {
  t = await openTestApp();
  owner = await buildUser(t.store.db, { workspace: 'Export' });
  member = await buildUser(t.store.db, { workspace: 'Export', role: 'member' });
  const db = t.store.db;
  const ws = owner.workspaceId;
  const company = await buildCompany(db, ws, { name: 'Analytical, Engines; Ltd' });
  const tier = await buildTier(db, ws, { name: 'Key' });
  ada = await buildContact(db, ws, {
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: 'ada@example.com',
    phones: [
      { label: 'mobile', number: '+44 20 7946 0958' },
      { label: null, number: '555 0100' },
    ],
    tags: ['vip', 'math'],
    birthday: '1815-12-10',
    title: 'Countess',
    companyId: company.id,
    tierId: tier.id,
    ownerId: member.userId,
    linkedinUrl: 'https://www.linkedin.com/in/ada-lovelace',
    stage: 'customer',
  });
  await t.store.db.execute(
    `insert into contact_emails (workspace_id, contact_id, email, position) values ('${ws}', '${ada.id}', 'countess@lovelace.test', 1)`,
  );
  await buildFact(db, ws, { contactId: ada.id, text: 'Loves poetry, and; "engines"\nsecond line' });
  await buildFact(db, ws, {
    contactId: ada.id,
    text: 'Owner only',
    isPrivate: true,
    createdBy: owner.userId,
  });
  await buildFact(db, ws, {
    contactId: ada.id,
    text: 'Member only',
    isPrivate: true,
    createdBy: member.userId,
  });
  await buildContact(db, ws, { firstName: 'Bob', lastName: 'Byte', email: null, stage: 'lead' });
});
afterAll(() => t.close());

const cardsOf = (text: string) => {
  const parsed = ICAL.parse(text);
  const list = (Array.isArray(parsed[0]) ? parsed : [parsed]) as unknown[];
  return list.map((jcard) => new ICAL.Component(jcard as never));
};

describe('GET /api/contacts/export', () => {
  it('writes vCard 4.0 that a vCard parser reads back whole, with only the caller’s private facts', async () => {
    const res = await apiAs(t.app, member.token).get('/api/contacts/export?stage=customer');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/vcard; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="kith-contacts.vcf"');
    const text = res.body as string;
    expect(text).not.toContain('Owner only');
    const [card, ...rest] = cardsOf(text);
    expect(rest).toEqual([]);
    expect(card!.getFirstPropertyValue('version')).toBe('4.0');
    expect(card!.getFirstPropertyValue('fn')).toBe('Ada Lovelace');
    expect(card!.getFirstPropertyValue('n')).toEqual(['Lovelace', 'Ada', '', '', '']);
    expect(card!.getFirstPropertyValue('uid')).toBe(`urn:uuid:${ada.id}`);
    expect(text).toContain('ORG:Analytical\\, Engines\\; Ltd\r\n');
    expect(card!.getFirstPropertyValue('org')).toBe('Analytical, Engines; Ltd');
    expect(card!.getFirstPropertyValue('title')).toBe('Countess');
    expect(card!.getAllProperties('email').map((p) => p.getFirstValue())).toEqual([
      'ada@example.com',
      'countess@lovelace.test',
    ]);
    expect(
      card!.getAllProperties('tel').map((p) => [p.getParameter('type') ?? null, p.getFirstValue()]),
    ).toEqual([
      ['mobile', '+44 20 7946 0958'],
      [null, '555 0100'],
    ]);
    expect(String(card!.getFirstPropertyValue('bday'))).toBe('1815-12-10');
    expect(card!.getFirstProperty('categories')!.getValues()).toEqual(['vip', 'math']);
    expect(card!.getFirstPropertyValue('socialprofile')).toBe('https://www.linkedin.com/in/ada-lovelace');
    expect(card!.getAllProperties('note').map((p) => p.getFirstValue())).toEqual([
      'Loves poetry, and; "engines"\nsecond line',
      'Member only',
    ]);
  });

  it('writes vCard 3.0 when asked', async () => {
    const res = await apiAs(t.app, owner.token).get('/api/contacts/export?version=3.0');
    const cards = cardsOf(res.body);
    expect(cards.map((c) => c.getFirstPropertyValue('fn'))).toEqual(['Bob Byte', 'Ada Lovelace']);
    const ada3 = cards[1]!;
    expect(ada3.getFirstPropertyValue('version')).toBe('3.0');
    expect(ada3.getFirstPropertyValue('x-socialprofile')).toBe('https://www.linkedin.com/in/ada-lovelace');
    expect(ada3.getAllProperties('note').map((p) => p.getFirstValue())).toEqual([
      'Loves poetry, and; "engines"\nsecond line',
      'Owner only',
    ]);
    expect(res.body).not.toContain('Member only');
  });

  it('writes CSV with stable columns that a CSV parser reads back, multi-values joined by " ::: "', async () => {
    const res = await apiAs(t.app, member.token).get('/api/contacts/export?format=csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const rows = parseCsv(res.body as string, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...CSV_COLUMNS]);
    expect(rows.map((r) => r['First Name'])).toEqual(['Bob', 'Ada']);
    expect(rows[1]).toEqual({
      'First Name': 'Ada',
      'Last Name': 'Lovelace',
      Emails: 'ada@example.com ::: countess@lovelace.test',
      Phones: '+44 20 7946 0958 ::: 555 0100',
      'Phone Labels': 'mobile ::: ',
      Company: 'Analytical, Engines; Ltd',
      Title: 'Countess',
      Tags: 'vip ::: math',
      Birthday: '1815-12-10',
      'LinkedIn URL': 'https://www.linkedin.com/in/ada-lovelace',
      Stage: 'customer',
      Tier: 'Key',
      Owner: member.email,
      Source: '',
      'Do Not Contact': '',
      Facts: 'Loves poetry, and; "engines"\nsecond line ::: Member only',
      'Kith ID': ada.id,
      'Created At': expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(rows[0]).toMatchObject({ Emails: '', Phones: '', Tags: '', Facts: '', Stage: 'lead' });
  });

  it('streams every page of a large list, in name order, once each', async () => {
    const ws = (await buildUser(t.store.db, { workspace: 'Export big' })).workspaceId;
    const big = await buildUser(t.store.db, { workspace: 'Export big' });
    const n = EXPORT_PAGE * 2 + 7;
    await t.store.db.execute(
      `insert into contacts (workspace_id, first_name, last_name)
       select '${ws}', 'P', lpad(g::text, 5, '0') from generate_series(1, ${n}) g`,
    );
    const res = await apiAs(t.app, big.token).get('/api/contacts/export?format=csv');
    const rows = parseCsv(res.body as string, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r['Last Name'])).toEqual(
      Array.from({ length: n }, (_, i) => String(i + 1).padStart(5, '0')),
    );
  });

  it('refuses an unknown format or version, naming the field', async () => {
    const api = apiAs(t.app, owner.token);
    const format = await api.get('/api/contacts/export?format=xml');
    expect([format.status, format.body.error.fields[0].field]).toEqual([400, 'query.format']);
    const version = await api.get('/api/contacts/export?version=2.1');
    expect([version.status, version.body.error.fields[0].field]).toEqual([400, 'query.version']);
  });
});
