/// <reference lib="dom" />
// page.evaluate and waitForFunction callbacks run in the browser, so this file also sees the DOM types.
import { mkdirSync } from 'node:fs';
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOGIN } from '../src/domains/demo/seed.ts';
import { DESKTOP, launchBrowser, openPage, type Served, serveDemo, signInAsDemo } from './harness.ts';
import { dueRows, escapeFrom, logFromPalette, realErrors, SHOTS } from './today-helpers.ts';

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

  it('gives a contact without a plan a tier in one click, and takes it back with Undo', async () => {
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
    // Undo takes the tier back: the contact has no plan again.
    await page
      .locator('.mantine-Notification-root', { hasText: `${name} is now` })
      .getByRole('button', { name: 'Undo' })
      .click();
    await list.locator(':scope > li', { has: page.getByRole('link', { name, exact: true }) }).waitFor();
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });
});
