/// <reference lib="dom" />
// page.evaluate callbacks run in the browser, so this file also sees the DOM types.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, launchBrowser, openPage, PHONE, type Served, serveDemo, signInAsDemo } from './harness.ts';

let served: Served;
let browser: Browser;

beforeAll(async () => {
  [served, browser] = await Promise.all([serveDemo({ worker: true }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

const csv = (tag: string) =>
  Buffer.from(
    `First Name,Last Name,Email,Company\nImo${tag},Porter,imo-${tag}@e2e-import.test,Import Works\nUma${tag},Load,not-an-email,Import Works\n`,
  );

describe('Import page', () => {
  for (const [viewport, tag] of [
    [DESKTOP, 'desk'],
    [PHONE, 'phone'],
  ] as const) {
    it(`dry runs, imports, reports and undoes a CSV (${tag})`, async () => {
      const { context, page, errors } = await openPage(browser, viewport);
      await signInAsDemo(page, served.url);
      await page.goto(`${served.url}/imports`);
      await page.getByRole('heading', { name: 'Import contacts' }).waitFor();
      await page
        .locator('input[type=file]')
        .setInputFiles({ name: `people-${tag}.csv`, mimeType: 'text/csv', buffer: csv(tag) });
      const preview = page.getByTestId('import-preview');
      await preview.getByText(`Imo${tag}`).waitFor();
      expect(await preview.textContent()).toContain('Detected: Other CSV');

      await page.getByRole('button', { name: 'Dry run', exact: true }).click();
      const report = page.getByTestId('import-report');
      await report
        .getByText('Would create 2, updated 0, skipped 0, 1 error')
        .waitFor({ timeout: 20_000 })
        .catch(async (error: unknown) => {
          throw new Error(`${String(error)}\nThe report says: ${await report.textContent()}`);
        });
      expect(await report.getByText('is not an email address: "not-an-email"').isVisible()).toBe(true);
      // Row by row, what each would do and why; on a phone the table scrolls inside its box.
      const decisions = report.getByRole('table', { name: 'What each row would do' });
      expect(await decisions.getByRole('row').count()).toBe(3);
      expect(await decisions.textContent()).toContain('New contact');

      await page.getByRole('button', { name: 'Import', exact: true }).click();
      await report.getByText('Created 2, updated 0, skipped 0, 1 error').waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      const found = await page.request.get(
        `${served.url}/api/contacts?q=${encodeURIComponent(`imo-${tag}@e2e-import.test`)}`,
      );
      expect((await found.json()).items).toHaveLength(1);

      await report.getByRole('button', { name: 'Undo…' }).click();
      await report.getByRole('button', { name: 'Undo import' }).click();
      await report.getByText('undone').waitFor();
      const gone = await page.request.get(
        `${served.url}/api/contacts?q=${encodeURIComponent(`imo-${tag}@e2e-import.test`)}`,
      );
      expect((await gone.json()).items).toHaveLength(0);
      await page.getByRole('heading', { name: 'Past imports' }).waitFor();
      // The sign-in page's first look at the session answers 401, which the browser logs.
      expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
      await context.close();
    });
  }
});

/** A CSV whose headers Kith does not know, so a person maps them. */
const german = (tag: string) =>
  Buffer.from(
    'Vorname,Nachname,E-Mail-Adresse,Firma,Lieblingsfarbe\n' +
      `Lene${tag},Mapper,lene-${tag}@e2e-map.test,Mapping AG,blau\n` +
      `Otto${tag},Mapper,otto-${tag}@e2e-map.test,Mapping AG,grün\n`,
  );

describe('Import page: mapping the columns of an unknown CSV', () => {
  for (const [viewport, tag] of [
    [{ width: 1440, height: 900 }, 'wide'],
    [PHONE, 'narrow'],
  ] as const) {
    it(`previews, maps, dry runs and imports (${tag})`, async () => {
      const { context, page, errors } = await openPage(browser, viewport);
      await signInAsDemo(page, served.url);
      await page.goto(`${served.url}/imports`);
      await page.getByRole('heading', { name: 'Import contacts' }).waitFor();
      await page
        .locator('input[type=file]')
        .setInputFiles({ name: `leute-${tag}.csv`, mimeType: 'text/csv', buffer: german(tag) });
      const preview = page.getByTestId('import-preview');
      await preview.getByText(`lene-${tag}@e2e-map.test`).waitFor();
      expect(await preview.textContent()).toContain('Detected: Other CSV');
      await preview.getByTestId('import-problem').waitFor();
      expect(await page.getByRole('button', { name: 'Dry run', exact: true }).isDisabled()).toBe(true);

      const map = (column: string, field: string) =>
        preview.getByLabel(`Field for column ${column}`, { exact: true }).selectOption({ label: field });
      await map('Vorname', 'First name');
      await map('Nachname', 'Last name');
      await map('E-Mail-Adresse', 'Email');
      await map('Firma', 'Company');
      await preview.getByTestId('import-problem').waitFor({ state: 'detached' });
      expect(await preview.getByLabel('Field for column Lieblingsfarbe').inputValue()).toBe('ignore');
      if (viewport === PHONE) {
        // The table scrolls inside its box; the page itself never scrolls sideways.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        const select = preview.getByLabel('Field for column Firma');
        await select.scrollIntoViewIfNeeded();
        expect(await select.isVisible()).toBe(true);
      }

      await page.getByRole('button', { name: 'Dry run', exact: true }).click();
      const report = page.getByTestId('import-report');
      await report.getByText('Would create 2, updated 0, skipped 0, 0 errors').waitFor({ timeout: 20_000 });
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      await report.getByText('Created 2, updated 0, skipped 0, 0 errors').waitFor({ timeout: 20_000 });

      const found = await page.request.get(
        `${served.url}/api/contacts?q=${encodeURIComponent(`lene-${tag}@e2e-map.test`)}`,
      );
      const [lene] = (await found.json()).items;
      expect(lene).toMatchObject({
        firstName: `Lene${tag}`,
        lastName: 'Mapper',
        company: { name: 'Mapping AG' },
      });
      expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
      await context.close();
    });
  }
});
