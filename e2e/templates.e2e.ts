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

describe('the template editor', () => {
  it('inserts fields, previews against a real contact, warns of a gap, and saves', async () => {
    const { context, page, errors } = await openPage(browser, WIDE);
    await signInAsDemo(page, served.url);
    const contacts = await (await page.request.get(`${served.url}/api/contacts?limit=50`)).json();
    const bare = (contacts.items as { firstName: string; lastName: string; company: unknown }[]).find(
      (c) => c.company === null,
    )!;
    await page
      .getByRole('navigation', { name: /settings/i })
      .getByRole('link', { name: 'Templates' })
      .click();
    await page.getByRole('heading', { name: 'Templates', level: 1 }).waitFor();
    const form = page.getByRole('form', { name: 'Template' });
    // Bad input is said before anything is sent.
    await form.getByRole('button', { name: 'Create template' }).click();
    await form.getByText('Name is required').waitFor();
    await form.getByLabel('Name').fill('First follow-up');
    await form.getByLabel('Subject').fill('Hello');
    await form.getByLabel('Body').fill('Hi ');
    await form.getByRole('button', { name: 'Insert field' }).click();
    await page.getByRole('menuitem', { name: /contact\.firstName/ }).click();
    await form.getByLabel('Body').press('End');
    await form.getByLabel('Body').pressSequentially(', how is ');
    await form.getByRole('button', { name: 'Insert field' }).click();
    await page.getByRole('menuitem', { name: /company\.name/ }).click();
    expect(await form.getByLabel('Body').inputValue()).toBe(
      'Hi {{contact.firstName}}, how is {{company.name}}',
    );

    const preview = page.getByRole('region', { name: 'Preview' });
    // The search for the whole name, answered before its option is picked (the list re-renders on answer).
    const fullName = `${bare.firstName} ${bare.lastName}`;
    const searched = page.waitForResponse(
      (r) => r.url().includes('/api/contacts?') && new URL(r.url()).searchParams.get('q') === fullName,
    );
    await preview.getByLabel('As sent to').fill(fullName);
    await searched;
    await page.getByRole('option', { name: fullName, exact: true }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('listbox').waitFor({ state: 'hidden' });
    await preview.getByText('Would not be sent to this contact').waitFor();
    await preview.getByText(`Hi ${bare.firstName}, how is {{company.name}}`).waitFor();

    await form.getByLabel('Body').fill('Hi {{contact.firstName}}, how is {{company.name | "the team"}}');
    await preview.getByText(`Hi ${bare.firstName}, how is the team`).waitFor();
    expect(await preview.getByText('Would not be sent to this contact').count()).toBe(0);
    await form.getByRole('button', { name: 'Create template' }).click();

    await page.getByRole('navigation', { name: 'Templates' }).getByText('First follow-up').waitFor();
    expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
    await context.close();
  });

  it('fits a phone', async () => {
    const { context, page } = await openPage(browser, PHONE);
    await signInAsDemo(page, served.url);
    await page.goto(`${served.url}/settings/templates`);
    await page.getByRole('heading', { name: 'Templates', level: 1 }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await context.close();
  });
});
