import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { openSecondApp, openTestApp, type TestApp } from '../../test/http.ts';
import { buildContact } from '../contacts/factories.ts';
import { buildUser, type TestUser } from '../workspaces/factories.ts';
import { calendar, icsTime, vevent } from './fixtures.ts';

// The same calendar imported through two app instances at once (two pools, as two server processes): the
// contacts are locked before the open steps are read, so the second waits and finds the first's steps.
// PGlite runs one statement at a time, so only PostgreSQL can show this race.

const url = process.env.TEST_DATABASE_URL;

describe.runIf(url)('calendar imports racing (PostgreSQL, two app instances)', () => {
  let first: TestApp;
  let second: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    first = await openTestApp({ poolSize: 4 });
    second = await openSecondApp(first, { poolSize: 4 });
    user = await buildUser(first.store.db);
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('logs each meeting once and plans each next step once', async () => {
    const emails = ['race-a@calendar.test', 'race-b@calendar.test', 'race-c@calendar.test'];
    for (const email of emails) await buildContact(first.store.db, user.workspaceId, { email });
    const ics = calendar(
      vevent({ uid: 'race-past@test', start: icsTime(-1), emails }),
      vevent({ uid: 'race-next@test', start: icsTime(2), emails }),
      vevent({ uid: 'race-weekly@test', start: icsTime(-15), rrule: 'FREQ=WEEKLY', emails: emails.slice(1) }),
    );
    const post = (t: TestApp) =>
      t.app.inject({
        method: 'POST',
        url: '/api/calendar/imports',
        headers: { 'content-type': 'text/calendar', authorization: `Bearer ${user.token}` },
        payload: ics,
      });
    const answers = await Promise.all([post(first), post(second), post(first), post(second)]);
    for (const a of answers) expect(a.statusCode, a.body).toBe(200);
    const [counts] = await queryRows<{ interactions: number; steps: number }>(
      first.store.db,
      sql`select (select count(*)::int from interactions where workspace_id = ${user.workspaceId}::uuid) as interactions,
          (select count(*)::int from next_steps where workspace_id = ${user.workspaceId}::uuid and done_at is null) as steps`,
    );
    // 1 past meeting + 3 past weekly occurrences; next steps: 3 contacts + 2 contacts of the series.
    expect(counts).toEqual({ interactions: 4, steps: 5 });
    const logged = answers.reduce((n, a) => n + a.json().logged, 0);
    const planned = answers.reduce((n, a) => n + a.json().nextSteps, 0);
    expect({ logged, planned }).toEqual({ logged: 4, planned: 2 });
  });
});
