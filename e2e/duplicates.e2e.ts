/// <reference lib="dom" />
// page.evaluate callbacks run in the browser, so this file also sees the DOM types.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, launchBrowser, openPage, PHONE, type Served, serveDemo, signInAsDemo } from './harness.ts';

/** Only real failures: the app asks who is signed in before sign-in, and the browser logs that 401. */
const realErrors = (errors: string[]) =>
  errors.filter((e) => !/Failed to load resource: .*status of 401/.test(e));

let served: Served;
let browser: Browser;

beforeAll(async () => {
  [served, browser] = await Promise.all([serveDemo(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

type Contact = { id: string; name: string; emails: string[] };

/** Two contacts with the same email but for a +tag: a pair the finder ranks near the top. */
async function makePair(
  page: Page,
  first: string,
  second: string,
  mailbox: string,
): Promise<[Contact, Contact]> {
  const make = async (firstName: string, email: string) => {
    const res = await page.request.post(`${served.url}/api/contacts`, {
      data: { firstName, lastName: 'Twin', emails: [email] },
    });
    expect(res.status()).toBe(201);
    return (await res.json()) as Contact;
  };
  return [await make(first, `${mailbox}@twins.test`), await make(second, `${mailbox}+crm@twins.test`)];
}

/** The card of the pair of these two contacts, whichever order the page shows them in. */
const pairCard = (page: Page, a: Contact, b: Contact) =>
  page.getByRole('region', {
    name: new RegExp(`Possible duplicate: (${a.name} and ${b.name}|${b.name} and ${a.name})`),
  });

describe('Duplicates', () => {
  for (const [label, viewport] of [
    ['desktop', DESKTOP],
    ['390 px phone', PHONE],
  ] as const) {
    it(`reviews a pair side by side, keeps the chosen one and merges after asking (${label})`, async () => {
      const { context, page, errors } = await openPage(browser, viewport);
      await signInAsDemo(page, served.url);
      const tag = label === 'desktop' ? 'desk' : 'phone';
      const [older, newer] = await makePair(page, `Ola${tag}`, `Nia${tag}`, `merge-${tag}`);
      await page.goto(`${served.url}/duplicates`);
      const card = pairCard(page, older, newer);
      await card.waitFor();
      expect(await card.getByText('Same email').isVisible()).toBe(true);
      expect(await card.getByText(`merge-${tag}+crm@twins.test`).isVisible()).toBe(true);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);

      // Keep the newer one this time, then merge, which asks first.
      await card.getByRole('radio', { name: 'Keep this one' }).check();
      await card.getByRole('button', { name: 'Merge…' }).click();
      const dialog = page.getByRole('dialog', { name: `Merge ${older.name} into ${newer.name}?` });
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Merge', exact: true }).click();
      await card.waitFor({ state: 'detached' });

      expect((await page.request.get(`${served.url}/api/contacts/${older.id}`)).status()).toBe(404);
      const kept = (await (
        await page.request.get(`${served.url}/api/contacts/${newer.id}`)
      ).json()) as Contact;
      expect(kept.emails.sort()).toEqual([`merge-${tag}+crm@twins.test`, `merge-${tag}@twins.test`]);
      expect(realErrors(errors)).toEqual([]);
      await context.close();
    });
  }

  it('forgets a pair marked "Not a duplicate"', async () => {
    const { context, page, errors } = await openPage(browser, DESKTOP);
    await signInAsDemo(page, served.url);
    const [a, b] = await makePair(page, 'Ann', 'Bea', 'dismiss');
    await page.goto(`${served.url}/duplicates`);
    const card = pairCard(page, a, b);
    await card.waitFor();
    await card.getByRole('button', { name: 'Not a duplicate' }).click();
    await card.waitFor({ state: 'detached' });
    await page.reload();
    await page.getByRole('heading', { name: 'Duplicates' }).waitFor();
    await page
      .getByRole('region', { name: /Possible duplicate/ })
      .first()
      .waitFor();
    expect(await pairCard(page, a, b).count()).toBe(0);
    expect((await page.request.get(`${served.url}/api/contacts/${a.id}`)).status()).toBe(200);
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });
});

describe('Export', () => {
  it("downloads the contact list's current filters as CSV", async () => {
    const { context, page, errors } = await openPage(browser, DESKTOP);
    await signInAsDemo(page, served.url);
    await page.goto(`${served.url}/contacts?stage=customer`);
    await page.getByRole('button', { name: 'Export' }).click();
    const link = page.getByRole('menuitem', { name: /CSV/ });
    const href = await link.getAttribute('href');
    expect(href).toBe('/api/contacts/export?format=csv&stage=customer');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('kith-contacts.csv');
    const csv = (await page.request.get(`${served.url}${href}`)).text();
    const lines = (await csv).trim().split('\r\n');
    expect(lines[0]).toMatch(/^First Name,Last Name,Emails,Phones/);
    const customers = (await (
      await page.request.get(`${served.url}/api/contacts?stage=customer&limit=200`)
    ).json()) as { items: unknown[] };
    // One line per customer (none of the demo's cells holds a line break), and a header.
    expect(lines.length - 1).toBe(customers.items.length);
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });
});
