import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type ParsedRow, readRecords } from './index.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));

async function read(bytes: Uint8Array, format: Parameters<typeof readRecords>[0]['format'] = null) {
  let detected: string | null = null;
  const rows: ParsedRow[] = [];
  async function* chunks() {
    // Small pieces: a multi-byte character or a line may be cut anywhere.
    for (let i = 0; i < bytes.length; i += 7) yield bytes.subarray(i, i + 7);
  }
  for await (const row of readRecords({
    chunks: chunks(),
    format,
    mapping: null,
    onHead: (h) => (detected = h.format),
  })) {
    rows.push(row);
  }
  return { detected, rows };
}

describe('readRecords', () => {
  it('reads a Google Contacts CSV: ::: multi-values, labels as tags, labelled phones', async () => {
    const { detected, rows } = await read(fixture('google.csv'));
    expect(detected).toBe('google');
    expect(rows[0]).toMatchObject({
      row: 1,
      firstName: 'Ada',
      lastName: 'Lovelace',
      company: 'Analytical Engines',
      title: 'Chief Programmer',
      birthday: '1815-12-10',
      emails: ['ada@engines.test', 'ada.l@gmail.com'],
      phones: [{ label: 'Mobile', number: '+44 20 7946 0001' }],
      tags: ['Friends', 'VIP'],
      notes: ['Loves poetry'],
    });
    expect(rows[1]).toMatchObject({ phones: [{ number: '+1 202 555 0100' }, { number: '+1 202 555 0101' }] });
    expect(rows).toHaveLength(4);
  });

  it('reads an Outlook CSV: Job Title is the title, Categories are tags, 0/0/00 is no birthday', async () => {
    const { detected, rows } = await read(fixture('outlook.csv'));
    expect(detected).toBe('outlook');
    expect(rows[0]).toMatchObject({
      firstName: 'Alan',
      title: 'Cryptanalyst',
      company: 'Bletchley Park',
      birthday: '6/23/1912',
      emails: ['alan@bletchley.test'],
      tags: ['Scientists', 'UK'],
    });
    expect(rows[0]).toMatchObject({ phones: [{ label: 'business' }, { label: 'mobile' }] });
    expect(rows[1]).not.toHaveProperty('birthday');
  });

  it('reads a LinkedIn export past the notes above its header', async () => {
    const { detected, rows } = await read(fixture('linkedin.csv'));
    expect(detected).toBe('linkedin');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toMatchObject({
      row: 2,
      firstName: 'Katherine',
      lastName: 'Johnson',
      company: 'NASA',
      title: 'Mathematician',
      linkedinUrl: 'https://www.linkedin.com/in/kj',
      emails: [],
    });
  });

  it('reads vCard 2.1 (quoted-printable, charsets, bare types), 3.0 (folded) and 4.0 cards in one file', async () => {
    const { detected, rows } = await read(fixture('phone.vcf'));
    expect(detected).toBe('vcard');
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({
      firstName: 'Jörg',
      lastName: 'Müller',
      company: 'Mueller GmbH',
      phones: [{ label: 'CELL', number: '+49 30 1234567' }],
      emails: ['joerg@mueller.test'],
      notes: ['Mag Käse, und Bier'],
    });
    expect(rows[1]).toMatchObject({
      firstName: 'Grace',
      birthday: '1906-12-09',
      tags: ['navy', 'pioneers'],
      notes: ['Found the first bug'],
    });
    expect(rows[2]).toMatchObject({
      firstName: 'Katherine',
      company: 'NASA',
      phones: [{ label: 'cell', number: '+1-757-555-0199' }],
    });
  });

  it('refuses files that are not contact lists, with a message a person can act on', async () => {
    await expect(read(Buffer.from(''))).rejects.toThrow('The file is empty.');
    await expect(read(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08]))).rejects.toThrow(/binary/);
    await expect(read(Buffer.from('Name,Email\nJos\xe9,jose@x.test\n', 'latin1'))).rejects.toThrow(
      /not UTF-8/,
    );
    await expect(read(Buffer.from(`Name,Email\n"${'x'.repeat(1_100_000)}",a@b.test\n`))).rejects.toThrow(
      /longer than/,
    );
    await expect(read(Buffer.from('BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cut\r\n'))).rejects.toThrow(/END:VCARD/);
    await expect(read(Buffer.from('Colour,Size\nred,3\n'))).rejects.toThrow(/name or an email/);
  });

  it('reads a generic CSV by its headers', async () => {
    const { detected, rows } = await read(
      Buffer.from('\uFEFFName,Email,Company,Tags\nJane Roe,jane@roe.test,Roe & Co,"a;b"\n'),
    );
    expect(detected).toBe('csv');
    expect(rows[0]).toMatchObject({
      fullName: 'Jane Roe',
      emails: ['jane@roe.test'],
      company: 'Roe & Co',
      tags: ['a', 'b'],
    });
  });
});
