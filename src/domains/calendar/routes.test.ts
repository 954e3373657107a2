import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { JOB_KINDS } from '../../server/job-kinds.ts';
import { todayUtc } from '../../shared/dates.ts';
import { type Api, apiAs, openTestApp, type TestApp } from '../../test/http.ts';
import { buildTier } from '../cadence/factories.ts';
import { multipartBody } from '../imports/upload.ts';
import { runJobNow } from '../jobs/run-now.ts';
import { buildUser, type TestUser } from '../workspaces/factories.ts';
import { buildSubscription } from './factories.ts';
import { calendar, icsTime, isoDay, vevent } from './fixtures.ts';

let t: TestApp;
let owner: TestUser;
let teammate: TestUser;
let api: Api;
let feed: Server;
let feedUrl: string;
let feedText = '';

beforeAll(async () => {
  t = await openTestApp();
  owner = await buildUser(t.store.db, { workspace: 'Calendar routes' });
  teammate = await buildUser(t.store.db, { workspace: 'Calendar routes', role: 'member' });
  api = apiAs(t.app, owner.token);
  feed = createServer((req, res) => {
    if (req.url === '/moved') {
      res.writeHead(302, { location: '/feed.ics' }).end();
      return;
    }
    if (req.url !== '/feed.ics') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/calendar' }).end(feedText);
  });
  await new Promise<void>((resolve) => feed.listen(0, '127.0.0.1', resolve));
  feedUrl = `http://127.0.0.1:${(feed.address() as AddressInfo).port}/feed.ics`;
});
afterAll(async () => {
  await new Promise((resolve) => feed.close(resolve));
  await t.close();
});
afterEach(() => {
  delete process.env.KITH_ALLOW_PRIVATE_URLS;
});

const postIcs = (text: string, token = owner.token) =>
  t.app.inject({
    method: 'POST',
    url: '/api/calendar/imports',
    headers: { 'content-type': 'text/calendar', authorization: `Bearer ${token}` },
    payload: text,
  });
const runJob = (jobId: string) =>
  runJobNow({ db: t.store.db, kinds: JOB_KINDS, workspaceId: owner.workspaceId, jobId });
const countRows = async (table: string) =>
  (
    await queryRows<{ n: number }>(
      t.store.db,
      sql`select count(*)::int as n from ${sql.identifier(table)} where workspace_id = ${owner.workspaceId}::uuid`,
    )
  )[0]?.n;
const newContact = async (email: string, tierId?: string) =>
  (
    await api.post('/api/contacts', {
      firstName: 'Cal',
      lastName: email.split('@')[0],
      emails: [email],
      tierId,
    })
  ).body;

describe('POST /api/calendar/imports', () => {
  it('takes an .ics body or a multipart file, and a future meeting makes the contact wait on Today', async () => {
    const tier = await buildTier(t.store.db, owner.workspaceId, {
      name: 'Key',
      priority: 1,
      intervalDays: 14,
    });
    const eve = await newContact('eve@routes.test', tier.id);
    const todayIds = async (asOf: string) =>
      (await api.get(`/api/today?asOf=${asOf}&limit=200`)).body.items.map(
        (i: { contact: { id: string } }) => i.contact.id,
      );
    expect(await todayIds(todayUtc())).toContain(eve.id);

    const ics = calendar(
      vevent({ uid: 'r-past@test', start: icsTime(-4), emails: ['eve@routes.test', owner.email] }),
      vevent({ uid: 'r-next@test', start: icsTime(3), summary: 'Contract', emails: ['eve@routes.test'] }),
    );
    const res = await postIcs(ics);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ events: 2, logged: 1, nextSteps: 1, duplicates: 0, skipped: 0 });
    expect(await todayIds(todayUtc())).not.toContain(eve.id);
    const later = (await api.get(`/api/today?asOf=${isoDay(3)}&limit=200`)).body.items;
    const item = later.find((i: { contact: { id: string } }) => i.contact.id === eve.id);
    expect(item).toMatchObject({ reason: 'next_step', dueAt: isoDay(3) });
    expect(item.nextStep).toMatchObject({ action: 'Meeting: Contract' });

    const form = multipartBody({}, { name: 'cal.ics', bytes: Buffer.from(ics) });
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/calendar/imports',
      headers: { ...form.headers, authorization: `Bearer ${owner.token}` },
      payload: form.payload,
    });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toEqual({ events: 2, logged: 0, nextSteps: 0, duplicates: 2, skipped: 0 });
  });

  it('refuses a file that is not iCalendar, or no file, naming body.file and writing nothing', async () => {
    const before = await countRows('interactions');
    const bad = await postIcs('BEGIN:VCARD\nFN:x\nEND:VCARD\n');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('body.file');
    const none = await api.post('/api/calendar/imports', { file: 'x' });
    expect(none.status).toBe(400);
    expect(none.body.error.fields[0].field).toBe('body.file');
    expect(await countRows('interactions')).toBe(before);
  });
});

describe('calendar subscriptions', () => {
  it('refuses a private address without KITH_ALLOW_PRIVATE_URLS, and anything but http(s)', async () => {
    for (const url of [
      feedUrl,
      'http://localhost/x.ics',
      'http://[::1]/x.ics',
      'http://192.168.1.4/x.ics',
      'ftp://example.com/x.ics',
      'not a url',
    ]) {
      const res = await api.post('/api/calendar/subscriptions', { url });
      expect(res.status, url).toBe(400);
      expect(res.body.error.fields[0].field).toBe('body.url');
    }
    expect(await countRows('calendar_subscriptions')).toBe(0);
  });

  it('fetches a feed over HTTP at once, refreshes on demand, shows counts to its owner only, and is removed', async () => {
    process.env.KITH_ALLOW_PRIVATE_URLS = '1';
    const fay = await newContact('fay@routes.test');
    const event = { uid: 'feed-next@test', summary: 'Kick-off', emails: ['fay@routes.test'] };
    feedText = calendar(
      vevent({ uid: 'feed-past@test', start: icsTime(-2), emails: ['fay@routes.test'] }),
      vevent({ ...event, start: icsTime(6) }),
    );
    const created = await api.post('/api/calendar/subscriptions', {
      url: feedUrl.replace('/feed.ics', '/moved'),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(202);
    expect(created.body.subscription).toMatchObject({ status: 'pending', lastRefreshedAt: null });
    expect((await runJob(created.body.jobId)).status).toBe('done');
    const id = created.body.subscription.id;

    const listed = await api.get('/api/calendar/subscriptions');
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        id,
        status: 'ok',
        events: 2,
        logged: 1,
        nextSteps: 1,
        duplicates: 0,
        skipped: 0,
      }),
    ]);
    expect(listed.body.items[0].lastRefreshedAt).not.toBeNull();
    const authors = await queryRows<{ createdBy: string }>(
      t.store.db,
      sql`select distinct created_by as "createdBy" from interactions
          where workspace_id = ${owner.workspaceId}::uuid and external_id = 'feed-past@test'`,
    );
    expect(authors).toEqual([{ createdBy: owner.userId }]);
    expect((await apiAs(t.app, teammate.token).get('/api/calendar/subscriptions')).body.items).toEqual([]);
    expect(
      (await apiAs(t.app, teammate.token).post(`/api/calendar/subscriptions/${id}/refresh`)).status,
    ).toBe(404);

    feedText = calendar(vevent({ ...event, start: icsTime(9) }));
    const refreshed = await api.post(`/api/calendar/subscriptions/${id}/refresh`);
    expect(refreshed.status).toBe(202);
    await runJob(refreshed.body.jobId);
    expect((await api.get('/api/calendar/subscriptions')).body.items[0]).toMatchObject({
      events: 1,
      nextSteps: 1,
    });
    const steps = (await api.get(`/api/next-steps?contactId=${fay.id}`)).body.items;
    expect(steps).toEqual([expect.objectContaining({ action: 'Meeting: Kick-off', dueAt: isoDay(9) })]);

    // The event deleted from the calendar (gone from the feed, not cancelled in it): its step goes too.
    feedText = calendar(
      vevent({ uid: 'feed-other@test', start: icsTime(-3), emails: ['nobody@routes.test'] }),
    );
    await runJob((await api.post(`/api/calendar/subscriptions/${id}/refresh`)).body.jobId);
    expect((await api.get(`/api/next-steps?contactId=${fay.id}`)).body.items).toEqual([]);

    feedText = 'not a calendar';
    await runJob((await api.post(`/api/calendar/subscriptions/${id}/refresh`)).body.jobId);
    const failed = (await api.get('/api/calendar/subscriptions')).body.items[0];
    expect(failed).toMatchObject({ status: 'failed' });
    expect(failed.lastError).toContain('iCalendar');

    const interactionsBefore = await countRows('interactions');
    expect((await api.delete(`/api/calendar/subscriptions/${id}`)).status).toBe(204);
    expect((await api.get('/api/calendar/subscriptions')).body.items).toEqual([]);
    expect(await countRows('interactions')).toBe(interactionsBefore);
    expect(await countRows('job_schedules')).toBe(0);
  });

  it('refuses in the job a host name that resolves to a private address, and writes nothing', async () => {
    const port = (feed.address() as AddressInfo).port;
    const sub = await buildSubscription(
      t.store.db,
      owner.workspaceId,
      owner.userId,
      `http://${hostname()}:${port}/feed.ics`,
    );
    feedText = calendar(vevent({ uid: 'dns@test', start: icsTime(-1), emails: ['fay@routes.test'] }));
    const before = await countRows('interactions');
    const refreshed = await api.post(`/api/calendar/subscriptions/${sub.id}/refresh`);
    await runJob(refreshed.body.jobId);
    const [row] = (await api.get('/api/calendar/subscriptions')).body.items;
    expect(row).toMatchObject({ id: sub.id, status: 'failed' });
    expect(row.lastError).toContain('private network');
    expect(await countRows('interactions')).toBe(before);
    expect((await api.delete(`/api/calendar/subscriptions/${sub.id}`)).status).toBe(204);
  });
});
