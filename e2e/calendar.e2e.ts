/// <reference lib="dom" />
// page.evaluate callbacks run in the browser, so this file also sees the DOM types.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendar, icsTime, vevent } from '../src/domains/calendar/fixtures.ts';
import { launchBrowser, openPage, PHONE, type Served, serveDemo, signInAsDemo } from './harness.ts';

const WIDE = { width: 1440, height: 900 };

let served: Served;
let browser: Browser;

beforeAll(async () => {
  [served, browser] = await Promise.all([serveDemo(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

describe('Mail & calendar page', () => {
  for (const [viewport, tag] of [
    [WIDE, 'wide'],
    [PHONE, 'phone'],
  ] as const) {
    it(`uploads an .ics and shows what it did (${tag})`, async () => {
      const { context, page, errors } = await openPage(browser, viewport);
      await signInAsDemo(page, served.url);
      const contacts = await (await page.request.get(`${served.url}/api/contacts?limit=5`)).json();
      const email = (contacts.items as { emails: string[] }[]).find((c) => c.emails.length > 0)?.emails[0];
      expect(email).toBeTruthy();
      const ics = calendar(
        vevent({ uid: `e2e-past-${tag}@kith.test`, start: icsTime(-2), emails: [email!] }),
        vevent({ uid: `e2e-next-${tag}@kith.test`, start: icsTime(4), summary: 'Demo', emails: [email!] }),
        vevent({ uid: `e2e-nobody-${tag}@kith.test`, start: icsTime(-1), emails: ['nobody@e2e.test'] }),
      );

      if (tag === 'wide') {
        await page
          .getByRole('navigation', { name: /settings/i })
          .getByRole('link', { name: 'Mail & calendar' })
          .click();
      } else {
        await page.goto(`${served.url}/settings/capture`);
      }
      await page.getByRole('heading', { name: 'Mail & calendar' }).waitFor();
      await page
        .locator('input[type=file]')
        .setInputFiles({ name: `meetings-${tag}.ics`, mimeType: 'text/calendar', buffer: Buffer.from(ics) });
      const counts = page.getByTestId('calendar-counts');
      await counts.waitFor({ timeout: 20_000 });
      expect(await counts.textContent()).toBe('3 events: 1 logged, 1 next steps, 0 already there, 1 skipped');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      // The sign-in page's first look at the session answers 401, which the browser logs.
      expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
      await context.close();
    });
  }
});
