/// <reference lib="dom" />
// Issue 16's search, palette, forms and contact list, at 1440×900 and at 390 px.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  openPage,
  openPaletteBox,
  PHONE,
  type Served,
  serveDemo,
  signInAsDemo,
} from './harness.ts';

const WIDE = { width: 1440, height: 900 };

let served: Served;
let browser: Browser;
let greta: { id: string; name: string };

/** Only real failures: the browser logs every 4xx answer, and 400/404/409 are expected answers here. */
const realErrors = (errors: string[]) =>
  errors.filter((e) => !/Failed to load resource: .*status of (400|401|404|409|422)/.test(e));

async function post<T>(page: Page, path: string, data: unknown): Promise<T> {
  const res = await page.request.post(`${served.url}${path}`, { data });
  expect(res.status(), path).toBe(201);
  return (await res.json()) as T;
}

async function signedIn(viewport: { width: number; height: number }) {
  const opened = await openPage(browser, viewport);
  await signInAsDemo(opened.page, served.url);
  if (!greta) {
    greta = await post(opened.page, '/api/contacts', {
      firstName: 'Greta',
      lastName: 'Hoffmann',
      emails: ['greta.hoffmann@e2e.test'],
    });
    await post(opened.page, '/api/contacts', { firstName: 'John', lastName: 'Smith' });
  }
  return opened;
}

const paletteBox = (page: Page) => page.getByRole('textbox', { name: 'Search contacts or type a command' });

beforeAll(async () => {
  [served, browser] = await Promise.all([serveDemo(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

describe('search that forgives, and the palette', () => {
  it('finds misspelt names, and Enter opens the first result', async () => {
    const { context, page, errors } = await signedIn(WIDE);
    await openPaletteBox(page);
    await page.keyboard.type('Jon Smit');
    await page
      .getByRole('button', { name: /^John Smith/ })
      .first()
      .waitFor();
    await paletteBox(page).fill('Greta Hofman');
    await page.getByRole('button', { name: /^Greta Hoffmann/ }).waitFor();
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/contacts/${greta.id}$`));
    await page.getByRole('heading', { name: 'Greta Hoffmann', level: 1 }).waitFor();
    await paletteBox(page).waitFor({ state: 'hidden' });

    // The palette acts on the contact in view: "Add a fact" puts the cursor in the new-fact field.
    await page.keyboard.press('Control+k');
    await paletteBox(page).fill('add a fact');
    await page.getByRole('button', { name: /^Add a fact about Greta Hoffmann/ }).waitFor();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'add-fact-text');
    await page.keyboard.type('Sailing in Copenhagen in June');
    await page.keyboard.press('Enter');
    await page.getByText('Sailing in Copenhagen in June').first().waitFor();

    // The fact's words are searchable; companies show beside contacts.
    await page.keyboard.press('Control+k');
    await paletteBox(page).fill('copenhagen');
    await page.getByRole('button', { name: /^Greta Hoffmann/ }).waitFor();
    await page.keyboard.press('Escape');
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });

  it('on a phone, a 44 px search button in the header opens search on every screen', async () => {
    const { context, page, errors } = await signedIn(PHONE);
    for (const path of ['/', '/contacts', '/companies']) {
      await page.goto(`${served.url}${path}`);
      const button = page.getByRole('button', { name: 'Search', exact: true });
      await button.waitFor();
      const box = await button.boundingBox();
      expect(box?.width, path).toBeGreaterThanOrEqual(44);
      expect(box?.height, path).toBeGreaterThanOrEqual(44);
      expect((box?.x ?? 0) + (box?.width ?? 0), path).toBeLessThanOrEqual(PHONE.width);
    }
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await paletteBox(page).fill('hofman');
    await page.getByRole('button', { name: /^Greta Hoffmann/ }).click();
    await page.waitForURL(new RegExp(`/contacts/${greta.id}$`));
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });
});

describe('forms that explain', () => {
  it('checks as you type, warns of a taken name and links a taken email to its holder', async () => {
    const { context, page, errors } = await signedIn(WIDE);
    await page.goto(`${served.url}/contacts?new=true`);
    const dialog = page.getByRole('dialog', { name: 'New contact' });
    const first = dialog.getByRole('textbox', { name: 'First name' });
    await first.fill('G');
    await first.fill('');
    await dialog.getByText('First name is required').waitFor();
    await dialog.getByRole('button', { name: 'Create contact' }).click();
    await dialog.getByText('First name is required').waitFor();

    await first.fill('greta');
    await dialog.getByRole('textbox', { name: 'Last name' }).fill('HOFFMANN');
    const warning = dialog.getByRole('status').filter({ hasText: 'There is already a contact called' });
    await warning.waitFor();
    expect(await warning.getByRole('link', { name: /Open Greta Hoffmann/ }).getAttribute('href')).toBe(
      `/contacts/${greta.id}`,
    );
    await dialog.getByRole('button', { name: 'Create contact anyway' }).waitFor();

    await dialog.getByRole('textbox', { name: 'Last name' }).fill('Hoffmann-Berg');
    const emails = dialog.getByLabel('Emails', { exact: true });
    await emails.fill('greta@');
    await emails.press('Enter');
    await dialog.getByText('“greta@” must be a valid email address').waitFor();
    // Replace it with the address Greta Hoffmann already has: the server's 409 names and links her.
    await emails.press('Backspace');
    await emails.fill('Greta.Hoffmann@e2e.test');
    await emails.press('Enter');
    await dialog.getByRole('button', { name: /^Create contact/ }).click();
    const taken = dialog.getByText('“Greta.Hoffmann@e2e.test” already belongs to Greta Hoffmann');
    await taken.waitFor();
    // The link under the email field (the name warning above may still show her too, until its check reruns).
    const fieldLink = dialog.locator('[id$="-error"]').getByRole('link', { name: 'Open Greta Hoffmann' });
    expect(await fieldLink.getAttribute('href')).toBe(`/contacts/${greta.id}`);
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });
});

describe('the contact list', () => {
  it('sorts by a column both ways and filters, all kept in the address', async () => {
    const { context, page, errors } = await signedIn(WIDE);
    await page.goto(`${served.url}/contacts`);
    await page.getByRole('button', { name: 'Sort by last touch' }).click();
    await page.waitForURL(/sort=lastTouch/);
    await page.getByRole('button', { name: 'Sort by last touch, ascending' }).click();
    await page.waitForURL(/dir=desc/);
    await page.getByRole('combobox', { name: 'Due' }).selectOption('overdue');
    await page.waitForURL(/due=overdue/);
    await page.locator('ul[aria-label="Contacts"][aria-busy="false"]').waitFor();
    const url = page.url();
    const shown = await page.getByRole('list', { name: 'Contacts' }).locator(':scope > li').count();
    expect(shown).toBeGreaterThan(0);

    // The address alone brings back the same view, for someone it was shared with.
    const other = await openPage(browser, WIDE);
    await signInAsDemo(other.page, served.url);
    await other.page.goto(url);
    await other.page.getByRole('button', { name: 'Sort by last touch, descending' }).waitFor();
    expect(await other.page.getByRole('combobox', { name: 'Due' }).inputValue()).toBe('overdue');
    await other.page.locator('ul[aria-label="Contacts"][aria-busy="false"]').waitFor();
    expect(await other.page.getByRole('list', { name: 'Contacts' }).locator(':scope > li').count()).toBe(
      shown,
    );
    await other.context.close();
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });

  it('sorts on a phone with a select and a direction button', async () => {
    const { context, page } = await signedIn(PHONE);
    await page.goto(`${served.url}/contacts`);
    await page.getByRole('combobox', { name: 'Sort by' }).selectOption('nextDue');
    await page.waitForURL(/sort=nextDue/);
    await page.getByRole('button', { name: 'Ascending; show descending' }).click();
    await page.waitForURL(/dir=desc/);
    await context.close();
  });
});

describe('unknown addresses', () => {
  for (const [label, viewport] of [
    ['desktop', WIDE],
    ['phone', PHONE],
  ] as const) {
    it(`shows the app's shell with a way home (${label})`, async () => {
      const { context, page } = await signedIn(viewport);
      await page.goto(`${served.url}/no/such/page`);
      await page.getByRole('heading', { name: 'There is no page at this address' }).waitFor();
      await page.getByRole('button', { name: 'Reload' }).waitFor();
      await page.getByRole('banner').getByRole('button', { name: 'Log a touch' }).waitFor();
      await page.getByRole('main').getByRole('link', { name: 'Go to Today' }).click();
      await page.getByRole('heading', { name: 'Today' }).waitFor();
      await context.close();
    });
  }
});
