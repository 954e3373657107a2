/// <reference lib="dom" />
// page.evaluate and waitForFunction callbacks run in the browser, so this file also sees the DOM types.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DESKTOP,
  launchBrowser,
  openPage,
  openPaletteBox,
  PHONE,
  type Served,
  serveDemo,
  signInAsDemo,
} from './harness.ts';

const SHOTS = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const isoDay = (offset = 0) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

type ApiContact = {
  id: string;
  firstName: string;
  lastName: string;
  name: string;
  tier: { id: string; name: string } | null;
};
type TodayItem = { contact: { id: string; name: string }; tier: { id: string } | null };

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

/** Only real failures: the browser logs every 4xx answer, and 401/400/404/409/422 are expected answers here. */
const realErrors = (errors: string[]) =>
  errors.filter((e) => !/Failed to load resource: .*status of (400|401|404|409|422)/.test(e));

const getJson = async <T>(page: Page, path: string): Promise<T> => {
  const res = await page.request.get(`${served.url}${path}`);
  expect(res.status(), path).toBe(200);
  return (await res.json()) as T;
};

const contactRows = (page: Page) => page.getByRole('list', { name: 'Contacts' }).locator(':scope > li');
const contactRow = (page: Page, name: string) =>
  contactRows(page).filter({ has: page.getByRole('link', { name, exact: true }) });

/** Swaps two neighbouring, different letters in the middle of a word: "Johnson" → "Jhonson". */
function misspell(word: string): string {
  for (let i = 1; i < word.length - 1; i++) {
    if (word[i] !== word[i + 1]) return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
  }
  throw new Error(`cannot misspell ${word}`);
}

/** Expands the due list on Today until the contact's row is there, or fails. */
async function findDueRow(page: Page, name: string): Promise<Locator> {
  const row = page
    .getByRole('list', { name: 'Due contacts' })
    .locator(':scope > li')
    .filter({ has: page.getByRole('link', { name, exact: true }) });
  await page.getByRole('list', { name: 'Due contacts' }).locator(':scope > li').first().waitFor();
  for (let i = 0; i < 10; i++) {
    // Today renders its first rows at once and the rest just after; the list is aria-busy until then.
    await page.locator('ul[aria-label="Due contacts"][aria-busy="false"]').waitFor();
    if ((await row.count()) > 0) return row;
    const more = page.getByRole('button', { name: /^Show more/ });
    if ((await more.count()) === 0) break;
    await more.click();
    await page.waitForTimeout(300);
  }
  throw new Error(`${name} is not on the due list`);
}

describe('contacts list', () => {
  it('finds a contact by a misspelt name as you type, and opens it', async () => {
    const { context, page, errors } = await openPage(browser, DESKTOP);
    await signInAsDemo(page, served.url);
    const { items } = await getJson<{ items: ApiContact[] }>(page, '/api/contacts?limit=50');
    const target = items.find((c) => c.lastName.length >= 5 && c.firstName.length >= 3);
    expect(target, 'the demo has a contact with a long enough name').toBeDefined();
    const name = target?.name ?? '';
    const typo = `${target?.firstName} ${misspell(target?.lastName ?? '')}`;
    expect(typo).not.toBe(name);

    await page.getByRole('link', { name: 'Contacts' }).click();
    await page.getByRole('heading', { name: 'Contacts', level: 1 }).waitFor();
    await contactRows(page).first().waitFor();
    await page.getByRole('searchbox', { name: 'Search contacts' }).pressSequentially(typo, { delay: 20 });
    await page.waitForFunction(() => new URLSearchParams(location.search).has('q'));
    const row = contactRow(page, name);
    await row.waitFor();
    expect(await contactRows(page).first().getAttribute('aria-label')).toBe(name);
    await row.getByRole('link', { name, exact: true }).click();
    await page.waitForURL(new RegExp(`/contacts/${target?.id}$`));
    await page.getByRole('heading', { name, level: 1 }).waitFor();
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });

  it('sets the tier of two selected contacts in bulk, and the rows show it', async () => {
    const { context, page, errors } = await openPage(browser, DESKTOP);
    await signInAsDemo(page, served.url);
    const tiers = await getJson<{ items: { id: string; name: string; priority: number }[] }>(
      page,
      '/api/tiers',
    );
    await page.goto(`${served.url}/contacts`);
    await contactRows(page).nth(1).waitFor();
    const names = await Promise.all([0, 1].map((i) => contactRows(page).nth(i).getAttribute('aria-label')));
    const { items } = await getJson<{ items: ApiContact[] }>(page, '/api/contacts?limit=2');
    const used = new Set(items.map((c) => c.tier?.id));
    const tier = tiers.items.find((t) => !used.has(t.id));
    expect(tier, 'a tier neither contact has yet').toBeDefined();

    for (const name of names) await page.getByRole('checkbox', { name: `Select ${name}` }).check();
    const bar = page.getByRole('region', { name: 'Bulk actions' });
    await bar.getByText('2 selected').waitFor();
    await page.mouse.move(0, 0);
    await page.screenshot({ path: `${SHOTS}contact-list-desktop.png` });
    await bar.getByRole('button', { name: 'Set tier' }).click();
    await page.getByRole('menuitem', { name: tier?.name, exact: true }).click();
    for (const name of names) {
      await contactRow(page, name ?? '')
        .getByText(tier?.name ?? '', { exact: true })
        .waitFor();
    }
    const after = await getJson<{ items: ApiContact[] }>(page, '/api/contacts?limit=2');
    expect(after.items.map((c) => c.tier?.id)).toEqual([tier?.id, tier?.id]);

    // The tier filter lists them, and only contacts of that tier.
    await page.getByLabel('Tier', { exact: true }).selectOption({ label: tier?.name ?? '' });
    await page.waitForURL(new RegExp(`tierId=${tier?.id}`));
    const onlyThatTier = async () => {
      const shown = await contactRows(page).count();
      return (
        shown > 0 &&
        (await contactRows(page)
          .filter({ hasText: tier?.name ?? '' })
          .count()) === shown
      );
    };
    await expect.poll(onlyThatTier, { timeout: 5000 }).toBe(true);
    for (const name of names) await contactRow(page, name ?? '').waitFor();
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });

  it('names the field of a taken email when creating a contact', async () => {
    const { context, page, errors } = await openPage(browser, DESKTOP);
    await signInAsDemo(page, served.url);
    const { items } = await getJson<{ items: (ApiContact & { emails: string[] })[] }>(
      page,
      '/api/contacts?limit=50',
    );
    const taken = items.find((c) => c.emails.length > 0)?.emails[0] ?? '';
    await page.goto(`${served.url}/contacts`);
    await page.getByRole('button', { name: 'New contact' }).click();
    const dialog = page.getByRole('dialog', { name: 'New contact' });
    await dialog.getByLabel('First name').fill('Nadia');
    await dialog.getByLabel('Last name').fill('Okafor');
    await dialog.getByLabel('Emails').fill('nadia@example.test');
    await dialog.getByLabel('Emails').press('Enter');
    await dialog.getByLabel('Emails').fill(taken);
    await dialog.getByLabel('Emails').press('Enter');
    await dialog.getByRole('button', { name: 'Create contact' }).click();
    // The taken address is named, with who has it and a link to them.
    await dialog.getByText(new RegExp(`^“${taken.replace(/[.+]/g, '\\$&')}” already belongs to `)).waitFor();
    await dialog.getByRole('link', { name: /^Open / }).waitFor();
    // Backspace in the empty input removes the last address, the taken one.
    await dialog.getByLabel('Emails').press('Backspace');
    await dialog.getByRole('button', { name: 'Create contact' }).click();
    await page.getByRole('heading', { name: 'Nadia Okafor', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'nadia@example.test' }).waitFor();
    expect(await page.getByRole('link', { name: 'nadia@example.test' }).getAttribute('href')).toBe(
      'mailto:nadia@example.test',
    );
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });
});

describe('contact page', () => {
  it('adds a fact to remind today, and Today shows it as a talking point on the row', async () => {
    const { context, page, errors } = await openPage(browser, DESKTOP);
    await signInAsDemo(page, served.url);
    const today = await getJson<{ items: TodayItem[] }>(page, '/api/today?limit=5');
    const { contact } = today.items[today.items.length - 1] as TodayItem;
    await page.goto(`${served.url}/contacts/${contact.id}`);
    await page.getByRole('heading', { name: contact.name, level: 1 }).waitFor();
    const form = page.getByRole('form', { name: 'Add a fact' });
    await form.getByLabel('New fact').fill('Running the Berlin marathon this weekend');
    await form.getByLabel('Remind on (optional)').fill(isoDay());
    await form.getByRole('button', { name: 'Add fact' }).click();
    await page
      .getByRole('list', { name: 'Facts' })
      .getByRole('listitem', { name: 'Running the Berlin marathon this weekend' })
      .waitFor();

    await page.getByRole('link', { name: 'Today', exact: true }).click();
    const row = await findDueRow(page, contact.name);
    await row
      .getByRole('list', { name: `Talking points for ${contact.name}` })
      .getByText('Running the Berlin marathon this weekend')
      .waitFor();
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });

  it('works from the keyboard alone: Ctrl-K finds the contact, l logs a touch, the timeline shows it', async () => {
    const { context, page, errors } = await openPage(browser, DESKTOP);
    await signInAsDemo(page, served.url);
    const { items } = await getJson<{ items: ApiContact[] }>(page, '/api/contacts?limit=30');
    // A contact the palette's search (its first 8 results) finds by full name.
    let target: ApiContact | undefined;
    for (const candidate of items.slice().reverse()) {
      const found = await getJson<{ items: ApiContact[] }>(
        page,
        `/api/contacts?limit=8&q=${encodeURIComponent(candidate.name)}`,
      );
      if (found.items[0]?.id === candidate.id) {
        target = candidate;
        break;
      }
    }
    if (!target) throw new Error('no demo contact is the top search result for its own name');

    const search = await openPaletteBox(page);
    await page.keyboard.type(target.name);
    await page
      .getByRole('button', { name: new RegExp(`^${target.name}`) })
      .first()
      .waitFor();
    // Enter opens the first result, no arrow key needed.
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/contacts/${target.id}$`));
    await page.getByRole('heading', { name: target.name, level: 1 }).waitFor();
    await page.getByRole('list', { name: 'Timeline' }).or(page.getByText('No touches yet')).first().waitFor();
    // The palette closes with an animation; until its input is gone, keys still go to it (as for a person).
    await search.waitFor({ state: 'hidden' });

    await page.keyboard.press('l');
    const dialog = page.getByRole('dialog', { name: 'Log a touch' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(target.name);
    await dialog.getByLabel('Summary').waitFor();
    expect(await dialog.getByLabel('Summary').evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('Keyboard-only catch-up about the offsite');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Share the offsite agenda');
    await page.keyboard.press('Control+Enter');
    await dialog.waitFor({ state: 'hidden' });
    await page
      .getByRole('list', { name: 'Timeline' })
      .getByRole('listitem')
      .first()
      .getByText('Keyboard-only catch-up about the offsite')
      .waitFor();
    await page.getByRole('list', { name: 'Open next steps' }).getByText('Share the offsite agenda').waitFor();
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });

  it('logs a touch that happened days ago: the timeline dates it on that day', async () => {
    const { context, page, errors } = await openPage(browser, DESKTOP);
    await signInAsDemo(page, served.url);
    const { items } = await getJson<{ items: ApiContact[] }>(page, '/api/contacts?limit=5');
    const target = items[2]!;
    await page.goto(`${served.url}/contacts/${target.id}`);
    await page.getByRole('heading', { name: target.name, level: 1 }).waitFor();
    await page.keyboard.press('l');
    const dialog = page.getByRole('dialog', { name: 'Log a touch' });
    await dialog.getByLabel('When').fill(isoDay(-3));
    await dialog.getByRole('radiogroup', { name: 'Kind' }).getByText('Email', { exact: true }).click();
    await dialog.getByLabel('Summary').fill('Back-dated thank-you email');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    const entry = page
      .getByRole('list', { name: 'Timeline' })
      .getByRole('listitem')
      .filter({ hasText: 'Back-dated thank-you email' });
    await entry.waitFor();
    expect(await entry.textContent()).toContain('3 days ago');
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });

  it('edits fields in the drawer with the server message by the field, then completes and reschedules next steps', async () => {
    const { context, page, errors } = await openPage(browser, DESKTOP);
    await signInAsDemo(page, served.url);
    const { items } = await getJson<{ items: ApiContact[] }>(page, '/api/contacts?limit=10&stage=customer');
    const target = items[0] as ApiContact;
    await page.goto(`${served.url}/contacts/${target.id}`);
    await page.getByRole('heading', { name: target.name, level: 1 }).waitFor();

    await page.keyboard.press('e');
    const drawer = page.getByRole('dialog', { name: `Edit ${target.name}` });
    await drawer.waitFor();
    await drawer.getByLabel('Title').fill('Head of Partnerships');
    await drawer.getByLabel('Emails').fill('not-an-address');
    await drawer.getByLabel('Emails').press('Enter');
    await drawer.getByRole('button', { name: 'Save changes' }).click();
    await drawer.getByText(/^“not-an-address” must be a valid email address/).waitFor();
    await drawer.getByLabel('Emails').press('Backspace');
    await drawer.getByRole('button', { name: 'Save changes' }).click();
    await drawer.waitFor({ state: 'hidden' });
    await page.getByText(/^Head of Partnerships/).waitFor();

    const add = page.getByRole('form', { name: 'Add a next step' });
    await add.getByLabel('New next step').fill('Book the quarterly review');
    await add.getByLabel('Due').fill(isoDay(10));
    await add.getByRole('button', { name: 'Add step' }).click();
    const open = page.getByRole('list', { name: 'Open next steps' });
    const step = open.getByRole('listitem', { name: 'Book the quarterly review' });
    await step.waitFor();
    const reschedule = step.getByLabel('Reschedule Book the quarterly review');
    await reschedule.fill(isoDay(12));
    await reschedule.press('Enter');
    await page.waitForFunction(
      async ([id, due]) => {
        const res = await fetch(`/api/next-steps?contactId=${id}`);
        const body = (await res.json()) as { items: { action: string; dueAt: string }[] };
        return body.items.some((s) => s.action === 'Book the quarterly review' && s.dueAt === due);
      },
      [target.id, isoDay(12)],
    );
    await step.getByRole('checkbox', { name: 'Mark done: Book the quarterly review' }).click();
    await step.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: /^Done \(\d+\)/ }).click();
    await page
      .getByRole('list', { name: 'Done next steps' })
      .getByText('Book the quarterly review')
      .waitFor();
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });

  it('archives after asking, finds it under archived contacts, and deletes after asking', async () => {
    const { context, page, errors } = await openPage(browser, DESKTOP);
    await signInAsDemo(page, served.url);
    const { items } = await getJson<{ items: ApiContact[] }>(page, '/api/contacts?limit=5&stage=lost');
    const target = items[0] as ApiContact;
    await page.goto(`${served.url}/contacts/${target.id}`);
    await page.getByRole('heading', { name: target.name, level: 1 }).waitFor();
    await page.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: 'Archive' }).click();
    const ask = page.getByRole('dialog', { name: `Archive ${target.name}?` });
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await ask.waitFor({ state: 'hidden' });
    expect((await getJson<{ archived: boolean }>(page, `/api/contacts/${target.id}`)).archived).toBe(false);
    await page.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: 'Archive' }).click();
    await ask.getByRole('button', { name: 'Archive' }).click();
    await page.getByText('Archived', { exact: true }).waitFor();

    await page.goto(`${served.url}/contacts`);
    await contactRows(page).first().waitFor();
    expect(await contactRow(page, target.name).count()).toBe(0);
    await page.getByLabel('Show archived contacts only').check();
    await contactRow(page, target.name).waitFor();
    await contactRow(page, target.name).getByRole('link', { name: target.name, exact: true }).click();
    await page.getByRole('heading', { name: target.name, level: 1 }).waitFor();
    await page.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    await page
      .getByRole('dialog', { name: `Delete ${target.name}?` })
      .getByRole('button', { name: 'Delete' })
      .click();
    await page.waitForURL(/\/contacts$/);
    expect((await page.request.get(`${served.url}/api/contacts/${target.id}`)).status()).toBe(404);
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });

  it('shows not found for an unknown contact', async () => {
    const { context, page, errors } = await openPage(browser, DESKTOP);
    await signInAsDemo(page, served.url);
    await page.goto(`${served.url}/contacts/00000000-0000-4000-8000-000000000000`);
    await page.getByRole('heading', { name: 'Contact not found' }).waitFor();
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });

  it('looks right on desktop and on a 390 px phone (screenshots)', async () => {
    for (const [viewport, file] of [
      [DESKTOP, 'contact-desktop.png'],
      [PHONE, 'contact-phone.png'],
    ] as const) {
      const { context, page, errors } = await openPage(browser, viewport);
      await signInAsDemo(page, served.url);
      // A due contact with some history, so the screenshot shows a timeline.
      const today = await getJson<{ items: (TodayItem & { lastTouch: object | null })[] }>(
        page,
        '/api/today?limit=20',
      );
      const { contact } = today.items.find((i) => i.lastTouch) as TodayItem;
      await page.goto(`${served.url}/contacts/${contact.id}`);
      await page.getByRole('heading', { name: contact.name, level: 1 }).waitFor();
      await page.getByRole('list', { name: 'Timeline' }).waitFor();
      await page.getByRole('heading', { name: 'Facts' }).waitFor();
      await page.waitForLoadState('networkidle');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.mouse.move(0, 0);
      await page.screenshot({ path: `${SHOTS}${file}`, fullPage: viewport === PHONE });
      if (viewport === PHONE) {
        await page.getByRole('button', { name: `Edit ${contact.name}` }).click();
        const drawer = page.getByRole('dialog', { name: `Edit ${contact.name}` });
        await drawer.getByLabel('First name').waitFor();
        expect(Math.round((await drawer.boundingBox())?.width ?? 0)).toBeLessThanOrEqual(PHONE.width);
        await page.waitForTimeout(300);
        await page.screenshot({ path: `${SHOTS}contact-edit-phone.png` });
      }
      expect(realErrors(errors)).toEqual([]);
      await context.close();
    }
  });
});
