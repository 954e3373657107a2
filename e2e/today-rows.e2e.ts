/// <reference lib="dom" />
// Today's rows as a seller reads them: how to reach each person, how many fit a screen, whose they are, and
// whether the text can be read (contrast) and tapped (target size). Page callbacks run in the browser.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, PHONE, type Served, serveDemo, signInAsDemo } from './harness.ts';
import { allRowsRendered, dueRows, realErrors, SHOTS } from './today-helpers.ts';

/** The desktop the issue names: a 1440×900 laptop screen. */
const LAPTOP = { width: 1440, height: 900 };

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

/** Rows whose whole box is inside the first screen (no scrolling). */
const rowsOnFirstScreen = (page: Page) =>
  page.evaluate(() => {
    const rows = document.querySelectorAll('ul[aria-label="Due contacts"] > li');
    return Array.from(rows).filter((row) => row.getBoundingClientRect().bottom <= window.innerHeight).length;
  });

/**
 * Text elements under 18 px whose colour against their background is below WCAG AA's 4.5:1, computed from
 * the computed styles: the background is the first opaque one up the tree, with translucent layers
 * (light badges) blended over it.
 */
const lowContrastText = (page: Page, scope: string) =>
  page.evaluate((selector) => {
    const parse = (css: string): number[] => (css.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r = 0, g = 0, b = 0]: number[]) => {
      const lin = (c: number) => {
        const s = c / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const blend = (top: number[], bottom: number[]) => {
      const a = top[3] ?? 1;
      return [0, 1, 2].map((i) => (top[i] ?? 0) * a + (bottom[i] ?? 0) * (1 - a));
    };
    const background = (el: Element | null): number[] => {
      const layers: number[][] = [];
      for (let node = el; node; node = node.parentElement) {
        const color = parse(getComputedStyle(node).backgroundColor);
        if ((color[3] ?? 1) === 0) continue;
        layers.push(color);
        if ((color[3] ?? 1) === 1) break;
      }
      let base = [255, 255, 255];
      for (const layer of layers.reverse()) base = blend(layer, base);
      return base;
    };
    const failures: string[] = [];
    for (const root of Array.from(document.querySelectorAll(selector))) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement;
        if (!el || !node.textContent?.trim()) continue;
        const style = getComputedStyle(el);
        const box = el.getBoundingClientRect();
        if (style.visibility === 'hidden' || box.width <= 1 || box.height <= 1) continue;
        if (Number.parseFloat(style.fontSize) >= 18) continue;
        const bg = background(el);
        const fg = blend(parse(style.color), bg);
        const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
        const ratio = ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
        if (ratio < 4.5) failures.push(`${node.textContent.trim().slice(0, 40)} (${ratio.toFixed(2)}:1)`);
      }
    }
    return [...new Set(failures)];
  }, scope);

/** Buttons and links on the phone screen smaller than 44×44 px (the visible ones, inside the scope). */
const smallTapTargets = (page: Page, scope: string) =>
  page.evaluate((selector) => {
    const small: string[] = [];
    for (const root of Array.from(document.querySelectorAll(selector))) {
      for (const el of Array.from(root.querySelectorAll('a[href], button, [role="button"], input, select'))) {
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
        if (box.width < 44 || box.height < 44) {
          const name = el.getAttribute('aria-label') ?? el.textContent?.trim() ?? el.tagName;
          small.push(`${name.slice(0, 40)} ${Math.round(box.width)}×${Math.round(box.height)}`);
        }
      }
    }
    return small;
  }, scope);

describe('Today rows at 1440×900', () => {
  it('show eight or more compact rows with a call link and the channel, and remember a roomy layout', async () => {
    const { context, page, errors } = await openPage(browser, LAPTOP);
    await signInAsDemo(page, served.url);
    await allRowsRendered(page);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: `${SHOTS}today-desktop.png` });
    expect(await rowsOnFirstScreen(page)).toBeGreaterThanOrEqual(8);

    // A row for a call tier: the channel in words, and a tel: link showing the number, first.
    const today = await (await page.request.get(`${served.url}/api/today?limit=100`)).json();
    type Item = { contact: { name: string }; reach: { channel: string; phone: string | null } };
    const caller: Item | undefined = today.items.find(
      (i: Item) => i.reach.channel === 'call' && i.reach.phone,
    );
    expect(caller, 'the demo has a due contact in a call tier with a phone').toBeDefined();
    const name = caller?.contact.name ?? '';
    const row = dueRows(page).filter({ has: page.getByRole('link', { name, exact: true }) });
    expect(await row.textContent()).toMatch(/Call every \d+ days/);
    const call = row.getByRole('link', { name: `Call ${name} at ${caller?.reach.phone}` });
    expect(await call.getAttribute('href')).toMatch(/^tel:\+?\d+$/);
    expect(await call.textContent()).toContain(caller?.reach.phone);
    const links = await row
      .locator('a[href^="tel:"], a[href^="mailto:"]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('href')));
    expect(links[0]).toMatch(/^tel:/);
    // Each row says why it ranks where it does, in words.
    expect(await dueRows(page).first().textContent()).toMatch(/late|due today|never contacted/);

    // Contrast of the rows' text, the counts and the headings.
    expect(await lowContrastText(page, 'main')).toEqual([]);

    await page.getByRole('group', { name: 'Row layout' }).getByRole('button', { name: 'Roomy' }).click();
    await page.locator('ul[aria-label="Due contacts"][data-density="roomy"]').waitFor();
    expect(await rowsOnFirstScreen(page)).toBeLessThan(8);
    await page.reload();
    await page.locator('ul[aria-label="Due contacts"][data-density="roomy"]').waitFor();
    await page.getByRole('group', { name: 'Row layout' }).getByRole('button', { name: 'Compact' }).click();
    await page.locator('ul[aria-label="Due contacts"][data-density="compact"]').waitFor();
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });

  it("name each row's owner in the team view, and narrow it to one owner", async () => {
    const { context, page, errors } = await openPage(browser, LAPTOP);
    await signInAsDemo(page, served.url);
    await dueRows(page).first().waitFor();
    expect(await dueRows(page).first().textContent()).not.toContain('Owner:');
    await page.getByRole('group', { name: 'Whose contacts' }).getByRole('button', { name: 'Team' }).click();
    await page.waitForFunction(() => location.search.includes('owner=all'));
    await dueRows(page)
      .first()
      .getByText(/^Owner:/)
      .waitFor();
    const owners = async () => new Set(await dueRows(page).locator('[title="Owner"]').allTextContents());
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('[title="Owner"]')).some(
        (el) => !el.textContent?.includes('Dana Demo'),
      ),
    );
    expect((await owners()).size).toBeGreaterThan(1);

    await page.getByLabel('Owner', { exact: true }).selectOption({ label: 'Sam Member' });
    await page.waitForFunction(() => /owner=[0-9a-f-]{36}/.test(location.search));
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('[title="Owner"]')).every((el) =>
        el.textContent?.includes('Sam Member'),
      ),
    );
    expect([...(await owners())]).toEqual(['Owner: Sam Member']);
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });
});

describe('Today rows on a 390 px phone', () => {
  it('fit three rows on the first screen, with 44 px tap targets and a full-height sidebar', async () => {
    const { context, page, errors } = await openPage(browser, PHONE);
    await signInAsDemo(page, served.url);
    await allRowsRendered(page);
    expect(await rowsOnFirstScreen(page)).toBeGreaterThanOrEqual(3);
    expect(await smallTapTargets(page, 'header, ul[aria-label="Due contacts"]')).toEqual([]);
    expect(await lowContrastText(page, 'main')).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    await page.getByRole('button', { name: 'Open navigation' }).click();
    const nav = page.getByRole('navigation', { name: 'Main' });
    await page.getByRole('link', { name: 'Contacts' }).waitFor();
    expect(await smallTapTargets(page, 'nav[aria-label="Main"]')).toEqual([]);
    const box = await nav.boundingBox();
    expect((box?.y ?? 0) + (box?.height ?? 0)).toBeGreaterThanOrEqual(PHONE.height - 1);
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
    await dialog.getByLabel(/^Next step( \*)?$/).fill('Send the renewal quote');
    const box = await dialog.boundingBox();
    expect(box?.width).toBeLessThanOrEqual(PHONE.width);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SHOTS}quick-log-phone.png` });
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });
});
