/// <reference lib="dom" />
// The browser steps of bench/web.ts. Each opens a page in a signed-in context and returns, in
// milliseconds from navigation start (or from the user's action), when the user could go on.
import type { BrowserContext, Page } from 'playwright-core';

/** Where a Today visit's time went: when the app's script had arrived, and when the first row was in the page. */
export type Phases = { scriptArrived: number; firstRow: number };
export type Step = { ms: number; longestTask: number; phases?: Phases };

declare global {
  interface Window {
    __longTasks?: number[];
    __firstRowAt?: number;
    __movedAt?: number;
  }
}

/** Runs in every page before its scripts: records main-thread tasks over 50 ms, and when Today's first row appears. */
export function observePage(): void {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks?.push(entry.duration);
  }).observe({ type: 'longtask', buffered: true });
  // Recorded in the page when they happen, so the figures do not include the driver's polling. Only on
  // Today: elsewhere the observer would add work to the very steps being timed.
  if (location.pathname !== '/') return;
  const rows = new MutationObserver(() => {
    const list = 'ul[aria-label="Due contacts"] > li';
    if (window.__firstRowAt === undefined && document.querySelector(list))
      window.__firstRowAt = performance.now();
    if (document.querySelector(`${list}:nth-child(2)`)?.getAttribute('aria-current') === 'true') {
      window.__movedAt = performance.now();
      rows.disconnect();
    }
  });
  rows.observe(document, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ['aria-current'],
  });
}

/** The phases of a Today visit, read from the page once it is interactive. */
const phasesOf = (page: Page): Promise<Phases> =>
  page.evaluate(() => {
    const script = performance
      .getEntriesByType('resource')
      .find((e) => /\/assets\/index-[^/]*\.js$/.test(e.name)) as PerformanceResourceTiming | undefined;
    return {
      scriptArrived: Math.round(script?.responseEnd ?? Number.NaN),
      firstRow: Math.round(window.__firstRowAt ?? Number.NaN),
    };
  });

const longestTask = async (page: Page) =>
  Math.round(await page.evaluate(() => Math.max(0, ...(window.__longTasks ?? []))));
const nowInPage = (page: Page) => page.evaluate(() => performance.now());

/**
 * Today opened cold: the first row shows, j is pressed at once, and the second row becomes current. The
 * time is when the page moved the selection (recorded in the page), not when the driver noticed it.
 */
export async function todayInteractive(context: BrowserContext, url: string): Promise<Step> {
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'commit' });
  await page.getByRole('list', { name: 'Due contacts' }).locator(':scope > li').first().waitFor();
  await page.keyboard.press('j');
  await page
    .waitForFunction(() => window.__movedAt !== undefined, undefined, { polling: 'raf', timeout: 10_000 })
    .catch(() => {
      throw new Error(`Today at ${url}: pressing j did not select a second row within 10 s`);
    });
  return {
    ms: Math.round(await page.evaluate(() => window.__movedAt ?? Number.NaN)),
    longestTask: await longestTask(page),
    phases: await phasesOf(page),
  };
}

const contactRows = (page: Page) => page.getByRole('list', { name: 'Contacts' }).locator(':scope > li');

/** The contacts list opened cold, until its first page of rows is on screen. */
export async function contactsShown(context: BrowserContext, url: string): Promise<Step> {
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'commit' });
  await contactRows(page).first().waitFor();
  return { ms: Math.round(await nowInPage(page)), longestTask: await longestTask(page) };
}

/** Types a misspelt name into the search box (as fast as the keyboard allows); ms runs from the last key
 * to the moment the wanted contact is the list's first row. */
export async function searchAsYouType(
  context: BrowserContext,
  url: string,
  query: { typed: string; expected: string },
): Promise<Step> {
  const page = await context.newPage();
  await page.goto(url);
  await contactRows(page).first().waitFor();
  await page.getByLabel('Search contacts').click();
  await page.keyboard.type(query.typed);
  const typedAt = await nowInPage(page);
  await page.waitForFunction(
    (name) => document.querySelector('ul[aria-label="Contacts"] > li')?.textContent?.includes(name) === true,
    query.expected,
    { polling: 'raf', timeout: 10_000 },
  );
  return { ms: Math.round((await nowInPage(page)) - typedAt), longestTask: await longestTask(page) };
}

/** Clicks "Load more" until the list holds `pages` pages; ms is the last click's wait for its rows. */
export async function loadMore(context: BrowserContext, url: string, pages: number): Promise<Step> {
  const page = await context.newPage();
  await page.goto(url);
  await contactRows(page).first().waitFor();
  let ms = 0;
  for (let shown = await contactRows(page).count(); shown < pages * 50; ) {
    const clickedAt = await nowInPage(page);
    await page.getByRole('button', { name: 'Load more' }).click();
    await page.waitForFunction(
      (before) => document.querySelectorAll('ul[aria-label="Contacts"] > li').length > before,
      shown,
      { polling: 'raf' },
    );
    ms = (await nowInPage(page)) - clickedAt;
    shown = await contactRows(page).count();
  }
  return { ms: Math.round(ms), longestTask: await longestTask(page) };
}

/** The median and the worst of a step's runs, and the longest main-thread task seen in any. */
export function summarise(label: string, samples: Step[]) {
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)] ?? Number.NaN;
  const phased = samples.flatMap((s) => (s.phases ? [s.phases] : []));
  return {
    label,
    p50: median(samples.map((s) => s.ms)),
    worst: Math.max(...samples.map((s) => s.ms)),
    longestTask: Math.max(...samples.map((s) => s.longestTask)),
    phases: phased.length
      ? {
          scriptArrived: median(phased.map((p) => p.scriptArrived)),
          firstRow: median(phased.map((p) => p.firstRow)),
        }
      : null,
  };
}
