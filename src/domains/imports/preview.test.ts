import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { openTestApp, type TestApp } from '../../test/http.ts';
import { buildUser, type TestUser } from '../workspaces/factories.ts';
import { multipartBody } from './upload.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

let t: TestApp;
let owner: TestUser;

beforeAll(async () => {
  t = await openTestApp();
  owner = await buildUser(t.store.db);
});
afterAll(() => t.close());

function preview(bytes: Uint8Array | string, fields: Record<string, string> = {}, name = 'contacts.csv') {
  const body = multipartBody(fields, { name, bytes: typeof bytes === 'string' ? Buffer.from(bytes) : bytes });
  return t.app.inject({
    method: 'POST',
    url: '/api/imports/preview',
    headers: { ...body.headers, authorization: `Bearer ${owner.token}` },
    payload: body.payload,
  });
}

const GERMAN =
  'Vorname,Nachname,E-Mail-Adresse,Firma\nAda,Lovelace,ada@engines.test,Engines\nAlan,Turing,alan@bp.test,BP\n';

describe('POST /api/imports/preview', () => {
  it('detects a Google CSV and shows which field each column fills', async () => {
    const res = await preview(fixture('google.csv'));
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.format).toBe('google');
    expect(body.columns[0]).toEqual({ header: 'First Name', field: 'firstName' });
    expect(body.columns[1]).toEqual({ header: 'Middle Name', field: null });
    expect(body.columns).toContainEqual({ header: 'E-mail 1 - Value', field: 'email' });
    expect(body.rows).toHaveLength(4);
    expect(body.rows[0].cells.slice(0, 3)).toEqual(['Ada', '', 'Lovelace']);
    expect(body.rows[0].person).toMatchObject({
      firstName: 'Ada',
      emails: ['ada@engines.test', 'ada.l@gmail.com'],
    });
    expect(body.problem).toBeNull();
    expect(body.fields).toContainEqual({ value: 'email', label: 'Email' });
  });

  it('finds a LinkedIn header below its note lines', async () => {
    const res = await preview(fixture('linkedin.csv'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      format: 'linkedin',
      columns: [
        { header: 'First Name', field: 'firstName' },
        { header: 'Last Name', field: 'lastName' },
        { header: 'URL', field: 'linkedinUrl' },
        { header: 'Email Address', field: 'email' },
        { header: 'Company', field: 'company' },
        { header: 'Position', field: 'title' },
        { header: 'Connected On', field: null },
      ],
    });
    expect(res.json().rows[0]).toMatchObject({
      row: 1,
      person: { firstName: 'Ada', title: 'Chief Programmer', linkedinUrl: 'https://www.linkedin.com/in/ada' },
    });
  });

  it('reports unknown headers as unmapped, then maps them as asked', async () => {
    const unknown = await preview(GERMAN);
    expect(unknown.statusCode, unknown.body).toBe(200);
    expect(unknown.json()).toMatchObject({
      format: 'csv',
      columns: [
        { header: 'Vorname', field: null },
        { header: 'Nachname', field: null },
        { header: 'E-Mail-Adresse', field: null },
        { header: 'Firma', field: null },
      ],
      rows: [{ cells: ['Ada', 'Lovelace', 'ada@engines.test', 'Engines'] }, { row: 2 }],
    });
    expect(unknown.json().problem).toMatch(/No column of the header holds a name or an email/);

    const mapping = {
      Vorname: 'firstName',
      Nachname: 'lastName',
      'E-Mail-Adresse': 'email',
      Firma: 'ignore',
    };
    const mapped = await preview(GERMAN, { mapping: JSON.stringify(mapping) });
    expect(mapped.statusCode, mapped.body).toBe(200);
    expect(mapped.json()).toMatchObject({
      problem: null,
      columns: [
        { field: 'firstName' },
        { field: 'lastName' },
        { field: 'email' },
        { header: 'Firma', field: null },
      ],
      rows: [
        { person: { firstName: 'Ada', lastName: 'Lovelace', emails: ['ada@engines.test'], company: null } },
        {},
      ],
    });
  });

  it('reads the cards of a vCard file', async () => {
    const res = await preview(fixture('phone.vcf'), {}, 'phone.vcf');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ format: 'vcard', columns: null, problem: null });
    expect(body.rows[0]).toMatchObject({
      row: 1,
      cells: null,
      error: null,
      person: { fullName: 'Jörg Müller', company: 'Mueller GmbH', emails: ['joerg@mueller.test'] },
    });
    expect(body.rows[0].person.phones[0].number).toBe('+49 30 1234567');
  });

  it('shows only the first rows, and excuses a record cut off at the end of a partial file', async () => {
    const lines = Array.from({ length: 20 }, (_, i) => `P${i},p${i}@x.test`).join('\n');
    const res = await preview(`Name,Email\n${lines}\n"Cut,off`, { partial: 'true' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().rows).toHaveLength(5);
    const short = await preview('Name,Email\nAna,ana@x.test\n"Cut,off', { partial: 'true' });
    expect(short.statusCode, short.body).toBe(200);
    expect(short.json().rows.map((r: { cells: string[] }) => r.cells[0])).toEqual(['Ana']);
    const whole = await preview('Name,Email\nAna,ana@x.test\n"Cut,off');
    expect(whole.statusCode).toBe(400);
    // A whole large file sent anyway is read only as far as the preview needs, and is no 413.
    const large = `Name,Email\n${'Big,big@x.test\n'.repeat(100_000)}`;
    const big = await preview(large);
    expect(big.statusCode, big.body.slice(0, 300)).toBe(200);
    expect(big.json().rows).toHaveLength(5);
  });

  it('refuses what the import refuses, naming body.file, and writes nothing', async () => {
    const count = async () =>
      (
        await queryRows<{ n: number }>(
          t.store.db,
          sql`select count(*)::int as n from imports where workspace_id = ${owner.workspaceId}::uuid`,
        )
      )[0]?.n;
    const before = await count();
    const cases: [string | Uint8Array, string][] = [
      ['', 'The file is empty.'],
      [
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]),
        'The file looks binary, not a CSV or vCard text file.',
      ],
      ['Name,Email\n', 'The file has a header but no contacts under it.'],
      [Buffer.from('Name,Email\nJ\xf6rg,j@x.test\n', 'latin1'), 'The file is not UTF-8 text'],
    ];
    for (const [bytes, message] of cases) {
      const res = await preview(bytes);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.fields[0].field).toBe('body.file');
      expect(res.json().error.fields[0].message).toContain(message);
    }
    const badMapping = await preview(GERMAN, { mapping: '{"Vorname":"nickname"}' });
    expect(badMapping.json().error.fields[0].field).toBe('body.mapping.Vorname');
    expect(await count()).toBe(before);
  });
});
