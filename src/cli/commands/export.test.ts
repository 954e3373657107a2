import { parse as parseCsv } from 'csv-parse/sync';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../db/client.ts';
import { buildContact } from '../../domains/contacts/factories.ts';
import { buildUser } from '../../domains/workspaces/factories.ts';
import { openTestStore } from '../../test/test-store.ts';
import { executeCommand } from '../execute.ts';
import { DATA_COMMANDS } from './index.ts';

let store: Store;

function run(raw: Record<string, string | boolean>) {
  const command = DATA_COMMANDS.get('export');
  if (!command) throw new Error('no export command');
  return executeCommand({ command, raw, db: store.db, store: null });
}

beforeAll(async () => {
  store = await openTestStore();
  const owner = await buildUser(store.db, { workspace: 'Export CLI' });
  await buildUser(store.db, { workspace: 'Elsewhere' });
  await buildContact(store.db, owner.workspaceId, {
    firstName: 'Grace',
    lastName: 'Hopper',
    email: 'grace@navy.test',
    tags: ['cobol'],
  });
});
afterAll(() => store.close());

describe('kith export', () => {
  it('writes the same vCard bytes as the API, CRLF line ends included', async () => {
    const result = await run({ workspace: 'Export CLI' });
    expect(result).toMatchObject({ exitCode: 0, error: '' });
    expect(result.output).toMatch(/^BEGIN:VCARD\r\nVERSION:4\.0\r\n/);
    const card = new ICAL.Component(ICAL.parse(result.output) as never);
    expect(card.getFirstPropertyValue('fn')).toBe('Grace Hopper');
    expect(card.getFirstPropertyValue('email')).toBe('grace@navy.test');
  });

  it('writes CSV, and vCard 3.0 when asked', async () => {
    const csv = await run({ workspace: 'Export CLI', format: 'csv' });
    const rows = parseCsv(csv.output, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r['First Name'], r.Emails, r.Tags])).toEqual([
      ['Grace', 'grace@navy.test', 'cobol'],
    ]);
    const v3 = await run({ workspace: 'Export CLI', vcardVersion: '3.0' });
    expect(v3.output).toContain('VERSION:3.0\r\n');
  });

  it('refuses an unknown format, and asks which workspace when there are several', async () => {
    expect(await run({ format: 'xml' })).toMatchObject({
      exitCode: 2,
      error: expect.stringContaining('vcard'),
    });
    expect(await run({})).toMatchObject({ exitCode: 1, error: expect.stringContaining('--workspace') });
  });
});
