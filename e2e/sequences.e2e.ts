/// <reference lib="dom" />
// page.evaluate callbacks run in the browser, so this file also sees the DOM types.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, PHONE, type Served, serveDemo, signInAsDemo } from './harness.ts';

const WIDE = { width: 1440, height: 900 };

let served: Served;
let browser: Browser;

beforeAll(async () => {
  [served, browser] = await Promise.all([serveDemo(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

describe('sequences in the web app', () => {
  it('builds a sequence, enrols a contact from its page, and pauses it', async () => {
    const { context, page, errors } = await openPage(browser, WIDE);
    await signInAsDemo(page, served.url);
    await page.request.post(`${served.url}/api/templates`, {
      data: { name: 'First nudge', subject: 'Hi', body: 'Hi {{contact.firstName | "there"}}' },
    });
    await page.goto(`${served.url}/sequences`);
    const form = page.getByRole('form', { name: 'Sequence' });
    await form.getByLabel('Name').fill('Five touches');
    await form
      .getByRole('region', { name: 'Step 1' })
      .getByLabel('Template')
      .selectOption({ label: 'First nudge' });
    await form.getByRole('button', { name: 'Add a step' }).click();
    const second = form.getByRole('region', { name: 'Step 2' });
    await second.getByLabel('Channel').selectOption('call');
    await second.getByLabel('What to do').fill('Call about the proposal');
    await form.getByRole('button', { name: 'Create sequence' }).click();
    await page.getByRole('navigation', { name: 'Sequences' }).getByText('Five touches').waitFor();

    const contacts = await (await page.request.get(`${served.url}/api/contacts?limit=50`)).json();
    const contact = (
      contacts.items as { id: string; name: string; emails: string[]; doNotContact: boolean }[]
    ).find((c) => c.emails.length > 0 && !c.doNotContact)!;
    await page.goto(`${served.url}/contacts/${contact.id}`);
    await page.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: 'Add to a sequence' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByText(`${contact.name} is in the sequence`).waitFor();

    await page.goto(`${served.url}/sequences`);
    const enrolments = page.getByRole('region', { name: 'Enrolments' });
    const row = enrolments.getByRole('row', { name: new RegExp(contact.name) });
    await row.getByText('Active').waitFor();
    await row.getByRole('button', { name: 'Pause' }).click();
    await row.getByText('Paused').waitFor();
    expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
    await context.close();
  });

  it('adds the selected contact on Today to a sequence with q', async () => {
    const { context, page } = await openPage(browser, WIDE);
    await signInAsDemo(page, served.url);
    await page.keyboard.press('q');
    const dialog = page.getByRole('dialog', { name: /to a sequence$/ });
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByText(/is in the sequence|not added/).waitFor();
    // The row selected first is Today's first contact: now in the sequence, or skipped for its reason.
    const today = await (await page.request.get(`${served.url}/api/today?owner=me`)).json();
    const first = today.items[0].contact as { id: string; name: string };
    const sequences = await (await page.request.get(`${served.url}/api/sequences`)).json();
    const enrolled = await (
      await page.request.get(`${served.url}/api/sequences/${sequences.items[0].id}/enrollments`)
    ).json();
    const isIn = (enrolled.items as { contact: { id: string } }[]).some((e) => e.contact.id === first.id);
    if (!isIn) await page.getByText(`${first.name}: not added`).waitFor();
    await context.close();
  });

  it('fits a phone', async () => {
    const { context, page } = await openPage(browser, PHONE);
    await signInAsDemo(page, served.url);
    await page.goto(`${served.url}/sequences`);
    await page.getByRole('heading', { name: 'Sequences', level: 1 }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await context.close();
  });
});
