/// <reference lib="dom" />
// page.evaluate callbacks run in the browser, so this file also sees the DOM types.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, PHONE, type Served, serveDemo, signInAsDemo } from './harness.ts';
import { findDueRow } from './today-helpers.ts';

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

describe('the Persistence page', () => {
  for (const [viewport, tag] of [
    [WIDE, 'wide'],
    [PHONE, 'phone'],
  ] as const) {
    it(`shows the report's figures, charts and stalled leads as the API says (${tag})`, async () => {
      const { context, page, errors } = await openPage(browser, viewport);
      await signInAsDemo(page, served.url);
      const report = await (await page.request.get(`${served.url}/api/reports/persistence?owner=all`)).json();
      expect(report.leads).toBeGreaterThan(0);
      await page.goto(`${served.url}/persistence`);
      await page.getByRole('heading', { name: 'Persistence', level: 1 }).waitFor();
      await page
        .getByText(`${Math.round(report.reachedFifth * 100)}%`, { exact: true })
        .first()
        .waitFor();
      await page.getByRole('region', { name: 'Leads by attempts' }).locator('svg').first().waitFor();
      const stalled = page.getByRole('region', { name: 'Stalled leads' });
      if (report.stalled.length > 0) {
        await stalled.getByRole('link', { name: report.stalled[0].leads[0].name }).waitFor();
      }
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
      await context.close();
    });
  }

  it("puts an open lead's attempt count on its Today row, as the API counts it", async () => {
    const { context, page, errors } = await openPage(browser, WIDE);
    await signInAsDemo(page, served.url);
    const today = await (await page.request.get(`${served.url}/api/today?limit=100`)).json();
    type Item = { contact: { name: string }; attempts: number | null };
    const lead = today.items.find((i: Item) => i.attempts !== null && i.attempts > 0 && i.attempts <= 5);
    const other = today.items.find((i: Item) => i.attempts === null);
    expect(lead).toBeDefined();
    const row = await findDueRow(page, lead.contact.name);
    expect(await row.textContent()).toContain(`Attempt ${lead.attempts} of 5`);
    if (other) {
      expect(await (await findDueRow(page, other.contact.name)).textContent()).not.toMatch(
        /Attempt \d+ of 5|\d+ attempts|Not followed up yet/,
      );
    }
    expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
    await context.close();
  });
});
