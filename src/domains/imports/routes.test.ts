import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { JOB_KINDS } from '../../server/job-kinds.ts';
import { apiAs, openTestApp, type TestApp } from '../../test/http.ts';
import { drainJobs } from '../jobs/run-now.ts';
import { buildUser, type TestUser } from '../workspaces/factories.ts';
import { contactSnapshot } from './test-helpers.ts';
import { multipartBody } from './upload.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

let t: TestApp;
let owner: TestUser;

beforeAll(async () => {
  t = await openTestApp();
  owner = await buildUser(t.store.db);
});
afterAll(() => t.close());

function upload(
  user: TestUser,
  bytes: Uint8Array | string,
  fields: Record<string, string> = {},
  name = 'contacts.csv',
) {
  const body = multipartBody(fields, { name, bytes: typeof bytes === 'string' ? Buffer.from(bytes) : bytes });
  return t.app.inject({
    method: 'POST',
    url: '/api/imports',
    headers: { ...body.headers, authorization: `Bearer ${user.token}` },
    payload: body.payload,
  });
}

const countImports = async (workspaceId: string) =>
  (
    await queryRows<{ n: number }>(
      t.store.db,
      sql`select count(*)::int as n from imports where workspace_id = ${workspaceId}::uuid`,
    )
  )[0]?.n;

describe('POST /api/imports', () => {
  it('answers 202 with the id, runs as a job, and GET shows the counts and errors', async () => {
    const res = await upload(owner, fixture('google.csv'), { tags: 'from-google' }, 'google.csv');
    expect(res.statusCode, res.body).toBe(202);
    const { id, format } = res.json();
    expect(format).toBe('google');
    await drainJobs({ db: t.store.db, kinds: JOB_KINDS });
    const got = await apiAs(t.app, owner.token).get(`/api/imports/${id}`);
    expect(got.body).toMatchObject({
      id,
      status: 'done',
      format: 'google',
      dryRun: false,
      total: 4,
      processed: 4,
      created: 3,
      updated: 0,
      skipped: 1,
      errors: [
        { row: 3, field: 'name' },
        { row: 4, field: 'email', message: 'is not an email address: "not-an-email"' },
      ],
    });
    const list = await apiAs(t.app, owner.token).get('/api/imports?limit=10');
    expect(list.body.items[0]).toMatchObject({ id, fileName: 'google.csv', created: 3 });
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const before = await countImports(owner.workspaceId);
    const badFormat = await upload(owner, 'Name\nAna\n', { format: 'excel' });
    expect(badFormat.statusCode).toBe(400);
    expect(badFormat.json().error.fields[0].field).toBe('body.format');
    const badTier = await upload(owner, 'Name\nAna\n', { tierId: '00000000-0000-4000-8000-000000000000' });
    expect(badTier.statusCode).toBe(404);
    expect(badTier.json().error.fields[0].field).toBe('body.tierId');
    const binary = await upload(owner, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]));
    expect(binary.statusCode).toBe(400);
    expect(binary.json().error).toMatchObject({
      fields: [{ field: 'body.file', message: 'The file looks binary, not a CSV or vCard text file.' }],
    });
    const empty = await upload(owner, '');
    expect(empty.json().error.fields[0]).toEqual({ field: 'body.file', message: 'The file is empty.' });
    const json = await apiAs(t.app, owner.token).post('/api/imports', { file: 'x' });
    expect(json.status).toBe(400);
    expect(json.body.error.fields[0].field).toBe('body.file');
    expect(await countImports(owner.workspaceId)).toBe(before);
  });
});

describe('POST /api/imports/:id/undo', () => {
  it('removes what the import created and reverts what it filled, except what was changed since', async () => {
    const user = await buildUser(t.store.db);
    const api = apiAs(t.app, user.token);
    const grace = await api.post('/api/contacts', {
      firstName: 'Grace',
      lastName: 'Hopper',
      emails: ['grace@navy.test'],
    });
    const before = await contactSnapshot(t.store.db, user.workspaceId);
    const res = await upload(user, fixture('phone.vcf'), {}, 'phone.vcf');
    const { id } = res.json();
    await drainJobs({ db: t.store.db, kinds: JOB_KINDS });
    expect((await api.get(`/api/imports/${id}`)).body).toMatchObject({
      created: 2,
      updated: 1,
      format: 'vcard',
    });
    const people = await api.get('/api/contacts?limit=10');
    const katherine = people.body.items.find((c: { firstName: string }) => c.firstName === 'Katherine');
    await api.patch(`/api/contacts/${katherine.id}`, { title: 'Mathematician' });

    const undone = await api.post(`/api/imports/${id}/undo`, {});
    expect(undone.status, JSON.stringify(undone.body)).toBe(200);
    expect(undone.body).toMatchObject({
      status: 'undone',
      notUndone: [{ contactId: katherine.id, reason: 'was edited since the import' }],
    });
    const after = await contactSnapshot(t.store.db, user.workspaceId);
    expect(after.map((p) => p.first_name)).toEqual(['Grace', 'Katherine']);
    expect(after[0]).toEqual(before[0]);
    expect(grace.body.id).toBeTruthy();
    const again = await api.post(`/api/imports/${id}/undo`, {});
    expect(again.status).toBe(409);
  });
});
