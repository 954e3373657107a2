import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { openStore, type Store } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { DEMO_LOGIN, seedDemo } from '../src/domains/demo/seed.ts';
import { startRunner } from '../src/domains/jobs/runner.ts';
import { buildApp } from '../src/server/app.ts';
import { JOB_KINDS } from '../src/server/job-kinds.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export type Served = { url: string; app: FastifyInstance; store: Store; close: () => Promise<void> };

/**
 * The real server (API and built web app) on a free port, on a fresh in-memory store with the demo workspace;
 * with `worker`, it also runs background jobs (such as imports), as `kith serve` does.
 */
export async function serveDemo(options: { worker?: boolean } = {}): Promise<Served> {
  const store = await openStore({});
  await migrate(store);
  await store.db.transaction((tx) => seedDemo({ db: tx }));
  const app = await buildApp({ db: store.db, demoLogin: { ...DEMO_LOGIN } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  const runner = options.worker
    ? await startRunner({ db: store.db, kinds: JOB_KINDS, listen: store.listen })
    : null;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    store,
    close: async () => {
      await runner?.stop();
      await app.close();
      await store.close();
    },
  };
}

/** Debian's Chromium, headless. Playwright gives every launch a fresh temporary profile and removes it on close. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A page at a viewport size, with the browser's console errors collected for the test to check. */
export async function openPage(
  browser: Browser,
  viewport: { width: number; height: number },
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'UTC' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  return { context, page, errors };
}

/** Signs in through the sign-in page with the demo login shown on it. */
export async function signInAsDemo(page: Page, baseUrl: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByRole('button', { name: 'Fill in the demo login' }).click();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Today' }).waitFor();
}

/**
 * Ctrl-K, then waits until the palette's search box has the focus: it is visible a moment before the
 * palette's focus trap moves the cursor into it, and keys typed in between would go to the page.
 */
export async function openPaletteBox(page: Page): Promise<Locator> {
  await page.keyboard.press('Control+k');
  const box = page.getByRole('textbox', { name: 'Search contacts or type a command' });
  await box.waitFor();
  await box.evaluate((el) =>
    el === document.activeElement
      ? undefined
      : new Promise<void>((resolve) => el.addEventListener('focus', () => resolve(), { once: true })),
  );
  return box;
}
