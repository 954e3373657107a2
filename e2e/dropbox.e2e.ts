/// <reference lib="dom" />
// page.evaluate callbacks run in the browser, so this file also sees the DOM types.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, launchBrowser, openPage, PHONE, type Served, serveDemo, signInAsDemo } from './harness.ts';

let served: Served;
let browser: Browser;

beforeAll(async () => {
  [served, browser] = await Promise.all([serveDemo(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

describe('the dropbox card on Mail & calendar', () => {
  for (const [viewport, tag] of [
    [DESKTOP, 'desktop'],
    [PHONE, 'phone'],
  ] as const) {
    it(`shows my address and regenerates it after asking (${tag})`, async () => {
      const { context, page, errors } = await openPage(browser, viewport);
      await signInAsDemo(page, served.url);
      if (tag === 'desktop') {
        // In the app, without a reload: the cached user came from the sign-in answer.
        await page
          .getByRole('navigation', { name: /settings/i })
          .getByRole('link', { name: 'Mail & calendar' })
          .click();
      } else {
        await page.goto(`${served.url}/settings/capture`);
      }
      const field = page.getByLabel('Your dropbox address', { exact: true });
      await field.waitFor();
      const before = await field.inputValue();
      expect(before).toMatch(/^[0-9a-f]{32}@/);
      const me = await (await page.request.get(`${served.url}/api/auth/me`)).json();
      expect(me.dropboxAddress).toBe(before);

      await page.getByRole('button', { name: 'Regenerate' }).click();
      const dialog = page.getByRole('dialog', { name: 'Replace your dropbox address?' });
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'hidden' });
      expect(await field.inputValue()).toBe(before);

      await page.getByRole('button', { name: 'Regenerate' }).click();
      await dialog.getByRole('button', { name: 'Regenerate' }).click();
      await page.waitForFunction(
        (old) => (document.querySelector('input[readonly]') as HTMLInputElement | null)?.value !== old,
        before,
      );
      const after = await field.inputValue();
      expect(after).toMatch(/^[0-9a-f]{32}@/);
      expect(after).not.toBe(before);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
      await context.close();
    });
  }
});
