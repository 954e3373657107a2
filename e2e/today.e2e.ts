/// <reference lib="dom" />
// page.evaluate and waitForFunction callbacks run in the browser, so this file also sees the DOM types.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOGIN } from '../src/domains/demo/seed.ts';
import { DESKTOP, launchBrowser, openPage, PHONE, type Served, serveDemo, signInAsDemo } from './harness.ts';

const SHOTS = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const isoDay = (offset = 0) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

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

const dueRows = (page: Page) => page.getByRole('list', { name: 'Due contacts' }).locator(':scope > li');
const dueRow = (page: Page, name: string) =>
  dueRows(page).filter({ has: page.getByRole('link', { name, exact: true }) });

/**
 * Closes a dialog with Escape as a person would: once it has taken the focus. A Mantine modal moves the
 * focus in after its opening transition, and listens for Escape there. It must be this dialog that holds
 * the focus: the command palette is a dialog too, and keeps the focus while it closes.
 */
async function escapeFrom(page: Page, dialog: Locator): Promise<void> {
  await dialog.waitFor();
  const element = await dialog.elementHandle();
  await page.waitForFunction((el) => el?.contains(document.activeElement) === true, element);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
}

/** Ctrl-K, then "Log a touch" by keyboard: opens the quick log. Returns the palette's search box. */
async function logFromPalette(page: Page): Promise<Locator> {
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
const allRowsRendered = (page: Page) =>
  page.locator('ul[aria-label="Due contacts"][aria-busy="false"]').waitFor();

/** Expands the due list until the row is there (the list loads 50 at a time), or fails. */
async function findDueRow(page: Page, name: string): Promise<Locator> {
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
const realErrors = (errors: string[]) =>
  errors.filter((e) => !/Failed to load resource: .*status of (400|401|422)/.test(e));

describe('sign in', () => {
  it('shows the demo login, names a bad field, refuses a wrong password, and signs in and out', async () => {
    const { context, page, errors } = await openPage(browser, DESKTOP);
    await page.goto(`${served.url}/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(page.url()).toContain('/sign-in');
    await page.getByText('demo@kith.local').waitFor();

    await page.getByLabel('Email').fill('not-an-email');
    await page
      .getByLabel(/^Password/)
      .and(page.locator('input'))
      .fill('whatever');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const emailError = page.locator('[id$="-error"]').filter({ hasText: /email/i });
    await emailError.first().waitFor();

    await page.getByLabel('Email').fill('demo@kith.local');
    await page
      .getByLabel(/^Password/)
      .and(page.locator('input'))
      .fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Email or password is incorrect' }).waitFor();

    await page.getByRole('button', { name: 'Fill in the demo login' }).click();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Today' }).waitFor();

    await page.getByRole('button', { name: /^Account menu/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.goto(`${served.url}/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });
});

describe('Today', () => {
  it('shows the demo data: counts, ranked rows with reason, tier, last touch and talking points', async () => {
    const { context, page, errors } = await openPage(browser, DESKTOP);
    await signInAsDemo(page, served.url);
    await dueRows(page).first().waitFor();
    const due = await page
      .getByRole('group', { name: 'Counts' })
      .getByLabel(/^Due: \d+/)
      .getAttribute('aria-label');
    expect(Number(due?.split(': ')[1])).toBeGreaterThan(0);
    expect(await dueRows(page).count()).toBeGreaterThan(0);
    const first = dueRows(page).first();
    expect(await first.getAttribute('aria-current')).toBe('true');
    expect(await first.textContent()).toMatch(/overdue|Due/);
    expect(await page.getByRole('list', { name: /^Talking points for/ }).count()).toBeGreaterThan(0);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: `${SHOTS}today-desktop.png` });

    // The demo login is the workspace owner: Team shows everyone's due contacts, at least as many as Mine.
    const whose = page.getByRole('group', { name: 'Whose contacts' });
    expect(await whose.getByRole('button', { name: 'Mine' }).getAttribute('aria-pressed')).toBe('true');
    const team = await page.request.get(`${served.url}/api/today?owner=all&limit=1`);
    const teamDue = ((await team.json()) as { counts: { due: number } }).counts.due;
    // The demo's colleagues have due contacts too, so the team's count differs from the owner's own.
    expect(teamDue).toBeGreaterThan(Number(due?.split(': ')[1]));
    await whose.getByRole('button', { name: 'Team' }).click();
    await page.getByRole('group', { name: 'Counts' }).getByLabel(`Due: ${teamDue}`).waitFor();
    expect(await whose.getByRole('button', { name: 'Team' }).getAttribute('aria-pressed')).toBe('true');
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });

  it('asks for Today and the session once each, while the app script is still loading, and nothing else', async () => {
    const { context, page, errors } = await openPage(browser, DESKTOP);
    const login = await context.request.post(`${served.url}/api/auth/login`, { data: DEMO_LOGIN });
    expect(login.status()).toBe(200);
    const asked: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/api/')) asked.push(url.pathname + url.search);
    });
    // A first visit: nothing cached, so the app script comes over the network like the data. On loopback
    // the script can arrive before the page has even run its inline boot script (a race the machine's load
    // decides), so it is held back 300 ms, as a slower network would: Today's call must not wait for it.
    await page.route(/\/assets\/index-[^/]*\.js$/, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await route.continue();
    });
    await page.goto(`${served.url}/`);
    await dueRows(page).first().waitFor();
    await page.waitForLoadState('networkidle');
    const times = (prefix: string) => asked.filter((url) => url.startsWith(prefix)).length;
    expect(times('/api/auth/me')).toBe(1);
    expect(times('/api/today?')).toBe(1);
    // The tiers list counts every contact of the workspace; Today's rows carry what the screen needs.
    expect(asked.filter((url) => !/^\/api\/(auth\/me|today\?)/.test(url))).toEqual([]);
    const [todayStart, scriptEnd] = await page.evaluate(() => {
      const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      const today = entries.find((e) => e.name.includes('/api/today?'));
      const script = entries.find((e) => /\/assets\/index-.*\.js$/.test(e.name));
      return [today?.startTime ?? Number.NaN, script?.responseEnd ?? Number.NaN];
    });
    expect(todayStart).toBeLessThan(scriptEnd);
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });

  it('logs a call from Today: a tier that requires a next step refuses it, then the row leaves and returns on the next step date', async () => {
    const { context, page, errors } = await openPage(browser, DESKTOP);
    await signInAsDemo(page, served.url);
    const today = await (await page.request.get(`${served.url}/api/today?limit=100`)).json();
    const tiers = await (await page.request.get(`${served.url}/api/tiers`)).json();
    const strict = new Set(
      tiers.items
        .filter((t: { requireNextStep: boolean }) => t.requireNextStep)
        .map((t: { id: string }) => t.id),
    );
    const item = today.items.find((i: { tier: { id: string } | null }) => i.tier && strict.has(i.tier.id));
    expect(item, 'the demo has a due contact whose tier requires a next step').toBeDefined();
    const name: string = item.contact.name;

    const row = await findDueRow(page, name);
    await row.getByRole('button', { name: `Log a touch with ${name}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Log a touch' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(name);
    await dialog.getByLabel('Summary').fill('Caught up on the rollout; they want a proposal');
    await dialog.getByText(/usually ends with a next step/).waitFor();
    await dialog.getByRole('button', { name: 'Save without next step' }).click();
    // The server's 422 message sits next to the next-step field, and the dialog stays open.
    const nextStep = dialog.getByLabel('Next step', { exact: true });
    await dialog.getByText(/requires a next step/).waitFor();
    const describedBy = await nextStep.getAttribute('aria-describedby');
    expect(describedBy).toBeTruthy();
    const fieldError = page.locator(`[id="${describedBy?.split(' ').find((id) => id.endsWith('-error'))}"]`);
    await fieldError.waitFor();
    expect(await fieldError.textContent()).toMatch(/requires a next step/);
    expect(await dueRow(page, name).count()).toBe(1);

    await dialog.getByRole('button', { name: 'In 1 week' }).click();
    expect(await dialog.getByLabel('Next step due').inputValue()).toBe(isoDay(7));
    const planned = isoDay(3);
    await dialog.getByLabel('Next step due').fill(planned);
    await nextStep.fill('Send the proposal');
    await fieldError.waitFor({ state: 'detached' });
    await page.mouse.move(0, 0);
    await page.screenshot({ path: `${SHOTS}quick-log-desktop.png` });
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await dueRow(page, name).waitFor({ state: 'detached' });

    await page.getByLabel('Plan for').fill(planned);
    await page.getByRole('heading', { name: 'Plan ahead' }).waitFor();
    await page.waitForFunction((d) => location.search.includes(d), planned);
    await dueRows(page).first().waitFor();
    const back = await findDueRow(page, name);
    expect(await back.textContent()).toContain('Send the proposal');
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });

  it('is keyboard-first: j/k select, l opens the quick log, ? lists shortcuts, Ctrl-K logs and finds contacts', async () => {
    const { context, page, errors } = await openPage(browser, DESKTOP);
    await signInAsDemo(page, served.url);
    await dueRows(page).nth(2).waitFor();
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    await page.keyboard.press('j');
    const third = dueRows(page).nth(2);
    expect(await third.getAttribute('aria-current')).toBe('true');
    expect(await dueRows(page).first().getAttribute('aria-current')).toBeNull();
    const name = (await third.getAttribute('aria-label')) ?? '';

    await page.keyboard.press('l');
    const dialog = page.getByRole('dialog', { name: 'Log a touch' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(name);
    await escapeFrom(page, dialog);

    await page.keyboard.press('Shift+?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    for (const shortcut of ['Next contact', 'Snooze the selected contact', 'Edit this contact']) {
      expect(await help.textContent()).toContain(shortcut);
    }
    await escapeFrom(page, help);

    const search = await logFromPalette(page);
    await escapeFrom(page, dialog);

    await page.keyboard.press('Control+k');
    await search.fill(name);
    const result = page.getByRole('button', { name: new RegExp(`^${name}`) }).first();
    await result.waitFor();
    await result.click();
    await page.waitForURL(/\/contacts\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name, level: 1 }).waitFor();
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });

  it('gives the focus back when the palette closes, also when it opened before its code had loaded', async () => {
    for (const isLoadedFirst of [true, false]) {
      const { context, page, errors } = await openPage(browser, DESKTOP);
      // Hold the palette's chunk until Ctrl-K has been pressed, so it opens while still loading.
      let release = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      if (!isLoadedFirst) {
        await page.route(/\/assets\/command-palette-[^/]*\.js$/, async (route) => {
          await held;
          await route.continue();
        });
      }
      await signInAsDemo(page, served.url);
      await dueRows(page).first().waitFor();
      const contactsLink = page.getByRole('link', { name: 'Contacts', exact: true });
      await contactsLink.focus();
      await page.keyboard.press('Control+k');
      release();
      const palette = page.getByRole('dialog').filter({
        has: page.getByRole('textbox', { name: 'Search contacts or type a command' }),
      });
      await escapeFrom(page, palette);
      await page.waitForFunction(() => document.activeElement?.textContent === 'Contacts');
      expect(await contactsLink.evaluate((el) => el === document.activeElement)).toBe(true);
      expect(realErrors(errors)).toEqual([]);
      await context.close();
    }
  });

  it('gives the focus back after a quick log opened from the palette or the header closes', async () => {
    const { context, page, errors } = await openPage(browser, DESKTOP);
    await signInAsDemo(page, served.url);
    await dueRows(page).first().waitFor();
    const quickLog = page.getByRole('dialog', { name: 'Log a touch' });
    const focused = async (target: Locator) => {
      const element = await target.elementHandle();
      await page.waitForFunction((el) => el === document.activeElement, element);
    };

    const contactsLink = page.getByRole('link', { name: 'Contacts', exact: true });
    await contactsLink.focus();
    await logFromPalette(page);
    await escapeFrom(page, quickLog);
    await focused(contactsLink);

    const logButton = page.getByRole('banner').getByRole('button', { name: 'Log a touch' });
    await logButton.focus();
    await page.keyboard.press('Enter');
    await escapeFrom(page, quickLog);
    await focused(logButton);
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });

  it('shows a skeleton while Today is slow, and an error with a retry while it fails', async () => {
    const { context, page, errors } = await openPage(browser, DESKTOP);
    let answer: 'slow' | 'fail' | 'normal' = 'slow';
    await page.route(/\/api\/today\?/, async (route) => {
      if (answer === 'fail') {
        const error = { code: 'internal', message: 'The database did not answer', fields: [] };
        return route.fulfill({
          status: 500,
          contentType: 'application/json',
          body: JSON.stringify({ error }),
        });
      }
      if (answer === 'slow') await new Promise((resolve) => setTimeout(resolve, 1500));
      return route.continue();
    });
    await page.goto(`${served.url}/`);
    await page.getByRole('button', { name: 'Fill in the demo login' }).click();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Loading Today').waitFor();
    await dueRows(page).first().waitFor();

    answer = 'fail';
    await page.reload();
    const alert = page.getByRole('alert').filter({ hasText: 'The database did not answer' });
    await alert.waitFor({ timeout: 15_000 });
    answer = 'normal';
    await alert.getByRole('button', { name: 'Try again' }).click();
    await dueRows(page).first().waitFor();
    expect(realErrors(errors).filter((e) => !/status of 500/.test(e))).toEqual([]);
    await context.close();
  });

  it('gives a contact without a plan a tier in one click', async () => {
    const { context, page, errors } = await openPage(browser, DESKTOP);
    await signInAsDemo(page, served.url);
    await page.getByRole('tab', { name: /^No plan/ }).click();
    const list = page.getByRole('list', { name: 'Contacts without a plan' });
    const first = list.locator(':scope > li').first();
    await first.waitFor();
    const name = (await first.getAttribute('aria-label')) ?? '';
    const before = await list.locator(':scope > li').count();
    await first.getByRole('button', { name: `Give ${name} a tier` }).click();
    await page.getByRole('menuitem').first().click();
    await list
      .locator(':scope > li', { has: page.getByRole('link', { name, exact: true }) })
      .waitFor({ state: 'detached' });
    expect(await list.locator(':scope > li').count()).toBe(before - 1);
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });

  it('fits a 390 px phone: burger navigation, Today and a full-screen quick log without sideways scrolling', async () => {
    const { context, page, errors } = await openPage(browser, PHONE);
    await signInAsDemo(page, served.url);
    await dueRows(page).first().waitFor();
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    expect(await page.getByRole('link', { name: 'Contacts' }).isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Open navigation' }).click();
    await page.getByRole('link', { name: 'Contacts' }).waitFor();
    await page.getByRole('button', { name: 'Close navigation' }).click();
    await page.getByRole('link', { name: 'Contacts' }).waitFor({ state: 'hidden' });
    await page.screenshot({ path: `${SHOTS}today-phone.png` });

    const name = (await dueRows(page).first().getAttribute('aria-label')) ?? '';
    await dueRows(page)
      .first()
      .getByRole('button', { name: `Log a touch with ${name}` })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Log a touch' });
    await dialog.waitFor();
    await dialog.getByLabel('Summary').fill('Quick call about the renewal');
    await dialog.getByLabel('Next step', { exact: true }).fill('Send the renewal quote');
    const box = await dialog.boundingBox();
    expect(box?.width).toBeLessThanOrEqual(PHONE.width);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SHOTS}quick-log-phone.png` });
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });
});
