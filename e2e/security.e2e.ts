/// <reference lib="dom" />
// page.evaluate and addInitScript callbacks run in the browser, so this file also sees the DOM types.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DESKTOP,
  launchBrowser,
  openPage,
  openPaletteBox,
  type Served,
  serveDemo,
  signInAsDemo,
} from './harness.ts';

// The app under its Content-Security-Policy, in a real browser: it must run with no violation, and no page
// of another origin may frame it or make a change through its session cookie.

let served: Served;
let browser: Browser;
let elsewhere: { url: string; server: Server };

declare global {
  interface Window {
    __cspViolations?: string[];
    __kithBoot?: unknown;
  }
}

/** Another origin (the same host on another port): a page that frames the app and one that posts to it. */
async function serveElsewhere(appUrl: string): Promise<{ url: string; server: Server }> {
  const pages: Record<string, string> = {
    '/frame': `<!doctype html><title>Elsewhere</title><iframe id="app" src="${appUrl}/" width="800" height="600"></iframe>`,
    // A form post, as a forger would send: the browser adds the session cookie (same site, another origin).
    '/sign-out': `<!doctype html><title>Elsewhere</title>
      <form id="forged" method="post" action="${appUrl}/api/auth/logout"></form>
      <script>document.getElementById('forged').submit();</script>`,
  };
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(pages[req.url ?? ''] ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

beforeAll(async () => {
  [served, browser] = await Promise.all([serveDemo(), launchBrowser()]);
  elsewhere = await serveElsewhere(served.url);
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
  await new Promise((resolve) => elsewhere?.server.close(resolve));
});

/** Records every CSP violation the page's documents report, from before any of their scripts run. */
async function recordViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations?.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
    });
  });
}

const violations = (page: Page) => page.evaluate(() => window.__cspViolations ?? ['(not recording)']);

/** Console errors other than the 401 the signed-out app gets from /api/auth/me. */
const realErrors = (errors: string[]) =>
  errors.filter((e) => !/Failed to load resource: .*status of 401/.test(e));

describe('the Content-Security-Policy', () => {
  it('lets the app run with no violation: sign in, Today, a contact page, the command palette', async () => {
    const { context, page, errors } = await openPage(browser, DESKTOP);
    await recordViolations(page);
    const first = await page.goto(`${served.url}/`);
    const csp = first?.headers()['content-security-policy'] ?? '';
    const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src '));
    expect(scriptSrc).toMatch(/^script-src 'self' 'sha256-[A-Za-z0-9+/]+=*'$/);
    // The inline boot script ran: the policy allows it by its hash, with no 'unsafe-inline'.
    await page.waitForFunction(() => window.__kithBoot !== undefined);

    await signInAsDemo(page, served.url);
    await page.getByRole('list', { name: 'Due contacts' }).locator(':scope > li').first().waitFor();
    const contact = page.getByRole('list', { name: 'Due contacts' }).getByRole('link').first();
    const name = (await contact.textContent()) ?? '';
    await contact.click();
    await page.getByRole('heading', { name, level: 1 }).waitFor();

    await openPaletteBox(page);
    await page.keyboard.type(name);
    await page
      .getByRole('button', { name: new RegExp(`^${name}`) })
      .first()
      .waitFor();
    await page.keyboard.press('Escape');

    expect(await violations(page)).toEqual([]);
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });
});

describe('framing', () => {
  it('is refused: a page of another origin that frames the app gets nothing', async () => {
    const { context, page, errors } = await openPage(browser, DESKTOP);
    const framed = page.waitForResponse(
      (res) => res.url() === `${served.url}/` && res.frame() !== page.mainFrame(),
    );
    await page.goto(`${elsewhere.url}/frame`);
    const answer = await framed;
    expect(answer.headers()['x-frame-options']).toBe('DENY');
    expect(answer.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await expect
      .poll(() => errors.some((e) => /frame-ancestors 'none'/.test(e)), { timeout: 5000 })
      .toBe(true);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    expect(frame, 'the iframe is there').toBeDefined();
    // Chromium puts its error page in a refused frame instead of the app.
    expect(frame?.url()).not.toBe(`${served.url}/`);
    expect(await frame?.locator('#root').count()).toBe(0);
    await context.close();
  });
});

describe('cross-site writes', () => {
  it('are refused: a page of another origin cannot sign the user out through the session cookie', async () => {
    const { context, page } = await openPage(browser, DESKTOP);
    await signInAsDemo(page, served.url);
    const attack = await context.newPage();
    const sent = attack.waitForResponse((res) => res.url() === `${served.url}/api/auth/logout`);
    await attack.goto(`${elsewhere.url}/sign-out`);
    const answer = await sent;
    const request = await answer.request().allHeaders();
    expect(request.origin).toBe(elsewhere.url);
    expect(request.cookie, 'the browser sent the session cookie').toMatch(/kith_session=/);
    expect(answer.status()).toBe(403);
    expect((await answer.json()).error.code).toBe('forbidden');
    expect((await page.request.get(`${served.url}/api/auth/me`)).status(), 'still signed in').toBe(200);
    await context.close();
  });
});
