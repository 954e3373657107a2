/// <reference lib="dom" />
// Helpers shared by the Today and quick-log browser tests; page callbacks run in the browser (DOM types).
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';

export const SHOTS = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
export const isoDay = (offset = 0) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

export const dueRows = (page: Page) =>
  page.getByRole('list', { name: 'Due contacts' }).locator(':scope > li');
export const dueRow = (page: Page, name: string) =>
  dueRows(page).filter({ has: page.getByRole('link', { name, exact: true }) });

/**
 * Closes a dialog with Escape as a person would: once it has taken the focus. A Mantine modal moves the
 * focus in after its opening transition, and listens for Escape there. It must be this dialog that holds
 * the focus: the command palette is a dialog too, and keeps the focus while it closes.
 */
export async function escapeFrom(page: Page, dialog: Locator): Promise<void> {
  await dialog.waitFor();
  const element = await dialog.elementHandle();
  await page.waitForFunction((el) => el?.contains(document.activeElement) === true, element);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
}

/** Ctrl-K, then "Log a touch" by keyboard: opens the quick log. Returns the palette's search box. */
export async function logFromPalette(page: Page): Promise<Locator> {
  await page.keyboard.press('Control+k');
  const search = page.getByRole('textbox', { name: 'Search contacts or type a command' });
  await search.waitFor();
  await search.fill('log');
  // The first result is selected as results show, so Enter runs "Log a touch".
  await page
    .getByRole('button', { name: /^Log a touch/ })
    .first()
    .waitFor();
  await page.keyboard.press('Enter');
  return search;
}

/** Today renders its first rows at once and the rest just after; the list is aria-busy until then. */
export const allRowsRendered = (page: Page) =>
  page.locator('ul[aria-label="Due contacts"][aria-busy="false"]').waitFor();

/** Expands the due list until the row is there (the list loads 50 at a time), or fails. */
export async function findDueRow(page: Page, name: string): Promise<Locator> {
  for (let i = 0; i < 10; i++) {
    await allRowsRendered(page);
    if ((await dueRow(page, name).count()) > 0) return dueRow(page, name);
    const more = page.getByRole('button', { name: /^Show more/ });
    if ((await more.count()) === 0) break;
    await more.click();
    await page.waitForTimeout(300);
  }
  throw new Error(`${name} is not on the due list`);
}

/**
 * Only real failures: the browser logs every 4xx answer, and the tests provoke some on purpose (a 401 from
 * /api/auth/me is how a signed-out browser learns it is signed out; 400, 401 and 422 from bad input).
 */
export const realErrors = (errors: string[]) =>
  errors.filter((e) => !/Failed to load resource: .*status of (400|401|422)/.test(e));
