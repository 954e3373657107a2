/// <reference lib="dom" />
// page.evaluate and waitForFunction callbacks run in the browser, so this file also sees the DOM types.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, launchBrowser, openPage, PHONE, type Served, serveDemo, signInAsDemo } from './harness.ts';

const SHOTS = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));

let served: Served;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  [served, browser] = await Promise.all([serveDemo(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

type TierRow = {
  id: string;
  name: string;
  priority: number;
  intervalDays: number | null;
  contactCount: number;
};
type CompanyRow = { id: string; name: string; contactCount: number };

/** Only real failures: the tests provoke 400, 409 and 422 answers on purpose, and the browser logs each. */
const realErrors = (errors: string[]) =>
  errors.filter((e) => !/Failed to load resource: .*status of (400|401|409|422)/.test(e));

/** GET an API path with the page's session, as the app itself would. */
async function apiGet<T>(page: Page, path: string): Promise<T> {
  const response = await page.request.get(`${served.url}${path}`);
  expect(response.status(), path).toBe(200);
  return (await response.json()) as T;
}

const tiersNow = async (page: Page) => (await apiGet<{ items: TierRow[] }>(page, '/api/tiers')).items;
const teamDue = async (page: Page) =>
  (await apiGet<{ counts: { due: number } }>(page, '/api/today?owner=all&limit=1')).counts.due;

/** The number on Today's "Due" tile, once it has loaded. */
async function dueTile(page: Page): Promise<number> {
  const tile = page.getByRole('group', { name: 'Counts' }).getByLabel(/^Due: \d+$/);
  await tile.waitFor();
  return Number((await tile.getAttribute('aria-label'))?.split(': ')[1]);
}

const tierRow = (page: Page, name: string) =>
  page.getByRole('list', { name: 'Tiers' }).getByRole('listitem', { name, exact: true });

describe('Tiers', () => {
  it('fits a 390 px phone and looks right on a desktop (screenshots)', async () => {
    for (const [viewport, file] of [
      [DESKTOP, 'tiers-desktop.png'],
      [PHONE, 'tiers-phone.png'],
    ] as const) {
      const { context, page, errors } = await openPage(browser, viewport);
      await signInAsDemo(page, served.url);
      await page.goto(`${served.url}/settings/tiers`);
      await page.getByRole('list', { name: 'Tiers' }).getByRole('listitem').first().waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, file).toBeLessThanOrEqual(0);
      for (const tier of await tiersNow(page)) {
        expect(await page.getByRole('button', { name: `Edit ${tier.name}` }).isVisible()).toBe(true);
        expect(await page.getByRole('button', { name: `Delete ${tier.name}` }).isVisible()).toBe(true);
      }
      await page.mouse.move(0, 0);
      await page.screenshot({ path: `${SHOTS}${file}` });
      expect(realErrors(errors)).toEqual([]);
      await context.close();
    }
  });

  it('previews how many become due while the interval is edited, saves it, and Today follows', async () => {
    const { context, page, errors } = await openPage(browser, DESKTOP);
    await signInAsDemo(page, served.url);
    await page.goto(`${served.url}/?owner=all`);
    const dueBefore = await dueTile(page);
    expect(dueBefore).toBe(await teamDue(page));

    const candidates = (await tiersNow(page)).filter((t) => t.contactCount > 0 && (t.intervalDays ?? 0) > 7);
    const tier = candidates.find((t) => t.name === 'B (active)') ?? candidates[0];
    expect(tier, 'the demo has a tier with contacts and a long interval').toBeDefined();
    if (!tier) return;

    await page.getByRole('link', { name: 'Tiers' }).click();
    await page.getByRole('heading', { name: 'Tiers', level: 1 }).waitFor();
    const row = tierRow(page, tier.name);
    expect(await row.textContent()).toContain(`Every ${tier.intervalDays} days`);
    await row.getByRole('button', { name: `Edit ${tier.name}` }).click();
    const dialog = page.getByRole('dialog', { name: `Edit ${tier.name}` });
    await dialog.waitFor();
    const preview = dialog.getByLabel('Due preview');
    expect(await preview.textContent()).toContain(`${tier.contactCount} contacts in this tier`);

    const interval = dialog.getByLabel('Interval (days)');
    await interval.fill('7');
    await expect.poll(() => preview.textContent(), { timeout: 10_000 }).toMatch(/^Today: \d+ due → \d+ due/);
    await dialog.getByLabel('Updating preview').waitFor({ state: 'detached' });
    const expected = await apiGet<{ dueNow: number; dueAfter: number; change: number }>(
      page,
      `/api/tiers/${tier.id}/preview?intervalDays=7`,
    );
    expect(expected.change).toBeGreaterThan(0);
    expect(await preview.textContent()).toBe(
      `Today: ${expected.dueNow} due → ${expected.dueAfter} due (+${expected.change})`,
    );
    // Nothing was saved by previewing.
    expect((await tiersNow(page)).find((t) => t.id === tier.id)?.intervalDays).toBe(tier.intervalDays);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: `${SHOTS}tiers-preview-desktop.png` });

    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => row.textContent()).toContain('Every 7 days');
    expect((await tiersNow(page)).find((t) => t.id === tier.id)?.intervalDays).toBe(7);

    await page.getByRole('link', { name: 'Today', exact: true }).click();
    await page.getByRole('heading', { name: 'Today' }).waitFor();
    await page.goto(`${served.url}/?owner=all`);
    await expect.poll(() => dueTile(page)).toBe(dueBefore + expected.change);
    expect(await teamDue(page)).toBe(dueBefore + expected.change);
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });

  it('adds a tier, names a duplicate name next to the field, and deletes an empty tier after asking', async () => {
    const { context, page, errors } = await openPage(browser, DESKTOP);
    await signInAsDemo(page, served.url);
    await page.goto(`${served.url}/settings/tiers`);
    const [existing] = await tiersNow(page);
    if (!existing) throw new Error('the demo has tiers');

    await page.getByRole('button', { name: 'Add tier' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a tier' });
    await dialog.waitFor();
    const name = dialog.getByLabel('Name');
    await name.fill(existing.name);
    await dialog.getByRole('button', { name: 'Add tier' }).click();
    const nameError = page.locator(`[id="${await name.getAttribute('id')}-error"]`);
    await expect.poll(() => nameError.textContent()).toMatch(/.+/);
    expect(await dialog.isVisible()).toBe(true);

    await name.fill('E (someday)');
    await dialog.getByLabel('Priority').selectOption('5');
    await dialog.getByLabel('Interval (days)').fill('');
    await dialog.getByLabel('Channel').selectOption('newsletter');
    await dialog.getByRole('button', { name: 'Add tier' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const added = tierRow(page, 'E (someday)');
    await added.waitFor();
    expect(await added.textContent()).toContain('No cadence');
    expect(await added.textContent()).toContain('0 contacts');

    await added.getByRole('button', { name: 'Delete E (someday)' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete E (someday)?' });
    await confirm.getByText(/Nobody is in E \(someday\)/).waitFor();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'hidden' });
    expect(await added.count()).toBe(1);
    await added.getByRole('button', { name: 'Delete E (someday)' }).click();
    await confirm.getByRole('button', { name: 'Delete tier' }).click();
    await added.waitFor({ state: 'detached' });
    expect((await tiersNow(page)).some((t) => t.name === 'E (someday)')).toBe(false);
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });

  it('asks where the contacts go before deleting a tier that holds some', async () => {
    const { context, page, errors } = await openPage(browser, DESKTOP);
    await signInAsDemo(page, served.url);
    await page.goto(`${served.url}/settings/tiers`);
    const before = await tiersNow(page);
    const doomed = [...before].reverse().find((t) => t.contactCount > 0);
    const target = before.find((t) => doomed && t.id !== doomed.id);
    if (!doomed || !target) throw new Error('the demo has two tiers, one with contacts');

    await tierRow(page, doomed.name)
      .getByRole('button', { name: `Delete ${doomed.name}` })
      .click();
    const dialog = page.getByRole('dialog', { name: `Delete ${doomed.name}?` });
    await dialog.waitFor();
    const choice = dialog.getByRole('radiogroup', {
      name: `${doomed.name} still holds ${doomed.contactCount} contacts. Where should they go?`,
    });
    await choice.getByRole('radio', { name: 'Leave them without a tier' }).waitFor();
    await choice.getByRole('radio', { name: `Move them to ${target.name}` }).check();
    await page.mouse.move(0, 0);
    await page.waitForTimeout(300); // let the radio animation settle before the screenshot
    await page.screenshot({ path: `${SHOTS}tiers-delete-desktop.png` });
    await dialog.getByRole('button', { name: 'Delete tier' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await tierRow(page, doomed.name).waitFor({ state: 'detached' });

    const after = await tiersNow(page);
    expect(after.some((t) => t.id === doomed.id)).toBe(false);
    expect(after.find((t) => t.id === target.id)?.contactCount).toBe(
      target.contactCount + doomed.contactCount,
    );
    await expect
      .poll(() => tierRow(page, target.name).textContent())
      .toContain(`${target.contactCount + doomed.contactCount} contacts`);
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });
});

describe('Companies', () => {
  it('creates a company (a bad domain named next to the field), shows its empty states, and deletes it after asking', async () => {
    const { context, page, errors } = await openPage(browser, DESKTOP);
    await signInAsDemo(page, served.url);
    await page.getByRole('link', { name: 'Companies' }).click();
    await page.getByRole('heading', { name: 'Companies', level: 1 }).waitFor();
    await page.getByRole('list', { name: 'Companies' }).getByRole('listitem').first().waitFor();

    await page.getByRole('button', { name: 'New company' }).click();
    const dialog = page.getByRole('dialog', { name: 'New company' });
    await dialog.waitFor();
    await dialog.getByLabel('Name').fill('Quillfeather Kites');
    const domain = dialog.getByLabel('Domain');
    await domain.fill('not a domain');
    await dialog.getByRole('button', { name: 'Add company' }).click();
    const domainError = page.locator(`[id="${await domain.getAttribute('id')}-error"]`);
    await expect.poll(() => domainError.textContent()).toMatch(/domain such as/);
    expect((await apiGet<{ items: CompanyRow[] }>(page, '/api/companies?q=Quillfeather')).items).toEqual([]);

    await domain.fill('https://Quillfeather-Kites.example/about');
    await dialog.getByLabel('Industry').fill('Outdoor toys');
    await dialog.getByLabel('Fit rating').selectOption('4');
    await dialog.getByRole('button', { name: 'Add company' }).click();
    await page.waitForURL(/\/companies\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Quillfeather Kites', level: 1 }).waitFor();
    expect(await page.getByRole('link', { name: /quillfeather-kites\.example/ }).getAttribute('href')).toBe(
      'https://quillfeather-kites.example',
    );
    await page.getByText('Outdoor toys').waitFor();
    await page.getByRole('img', { name: 'Fit 4 of 5' }).waitFor();
    await page.getByRole('region', { name: 'Contacts' }).getByText('No contacts yet').waitFor();
    await page.getByRole('region', { name: 'Timeline' }).getByText('Nothing logged yet').waitFor();

    await page.getByRole('link', { name: 'Companies' }).first().click();
    await page.getByLabel('Search companies').fill('quillfeather');
    const rows = page.getByRole('list', { name: 'Companies' }).getByRole('listitem');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().getAttribute('aria-label')).toBe('Quillfeather Kites');
    await rows.first().getByRole('link', { name: 'Quillfeather Kites' }).click();

    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete Quillfeather Kites?' });
    await confirm.waitFor();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await confirm.getByRole('button', { name: 'Delete company' }).click();
    await page.waitForURL(/\/companies$/);
    expect((await apiGet<{ items: CompanyRow[] }>(page, '/api/companies?q=Quillfeather')).items).toEqual([]);
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });

  it('opens a demo company: its contacts link to their pages, and the timeline merges all of theirs', async () => {
    const { context, page, errors } = await openPage(browser, DESKTOP);
    await signInAsDemo(page, served.url);
    const { items } = await apiGet<{ items: CompanyRow[] }>(page, '/api/companies?limit=200');
    const company = [...items].sort((a, b) => b.contactCount - a.contactCount)[0];
    if (!company || company.contactCount < 2) throw new Error('the demo has a company with several contacts');

    await page.goto(`${served.url}/companies`);
    await page.getByLabel('Search companies').fill(company.name);
    await page
      .getByRole('list', { name: 'Companies' })
      .getByRole('link', { name: company.name, exact: true })
      .click();
    await page.getByRole('heading', { name: company.name, level: 1 }).waitFor();

    const contacts = page.getByRole('list', { name: 'Company contacts' }).getByRole('listitem');
    await contacts.first().waitFor();
    expect(await contacts.count()).toBe(Math.min(company.contactCount, 50));
    const names = new Set(
      await contacts.evaluateAll((els) => els.map((el) => el.getAttribute('aria-label'))),
    );

    const entries = page.getByRole('list', { name: 'Company timeline' }).getByRole('listitem');
    await entries.first().waitFor();
    expect(await entries.count()).toBeGreaterThan(0);
    // Merged: the entries involve more than one of the company's contacts, and each names someone there.
    const timeline = await apiGet<{ items: { contacts: { name: string }[] }[] }>(
      page,
      `/api/companies/${company.id}/timeline?limit=25`,
    );
    const involved = new Set(
      timeline.items.flatMap((i) => i.contacts.map((c) => c.name)).filter((n) => names.has(n)),
    );
    expect(involved.size).toBeGreaterThan(1);
    expect(await entries.count()).toBe(timeline.items.length);

    const first = contacts.first();
    const name = (await first.getAttribute('aria-label')) ?? '';
    const url = page.url();
    await first.getByRole('link', { name }).click();
    await page.waitForURL(/\/contacts\/[0-9a-f-]{36}$/);

    // On a phone the header, contacts and timeline stack without sideways scrolling.
    await page.setViewportSize(PHONE);
    await page.goto(url);
    await entries.first().waitFor();
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await page.getByRole('button', { name: 'Edit', exact: true }).waitFor();
    await page.goto(`${served.url}/companies`);
    await page.getByRole('list', { name: 'Companies' }).getByRole('listitem').first().waitFor();
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });
});
