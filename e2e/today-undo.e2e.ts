/// <reference lib="dom" />
// Undo and unsnooze as a seller uses them: a snooze taken back from its toast, a completed step reopened,
// a snoozed contact brought back from its page and from the contact list. Each check compares the
// contact's due state with what it was before. Page callbacks run in the browser (DOM types).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, launchBrowser, openPage, PHONE, type Served, serveDemo, signInAsDemo } from './harness.ts';
import { dueRow, dueRows, findDueRow, isoDay, realErrors } from './today-helpers.ts';

let served: Served;
let browser: Browser;

beforeAll(async () => {
  [served, browser] = await Promise.all([serveDemo(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

/** The contact as the API shows it, without the time of the last write. */
async function contactState(page: Page, id: string) {
  const res = await page.request.get(`${served.url}/api/contacts/${id}`);
  const { updatedAt: _updatedAt, ...rest } = (await res.json()) as Record<string, unknown>;
  return rest;
}

const toast = (page: Page, text: string | RegExp) =>
  page.locator('.mantine-Notification-root', { hasText: text });

/** Snoozes a contact through the API, as if done earlier; returns its id. */
async function snoozeByApi(page: Page, name: string): Promise<string> {
  const found = await page.request.get(`${served.url}/api/contacts?q=${encodeURIComponent(name)}&limit=5`);
  const { items } = (await found.json()) as { items: { id: string; name: string }[] };
  const id = items.find((c) => c.name === name)?.id ?? '';
  const res = await page.request.patch(`${served.url}/api/contacts/${id}`, {
    data: { snoozedUntil: isoDay(14) },
  });
  expect(res.status()).toBe(200);
  return id;
}

describe('Undo', () => {
  it('takes a snooze back from its toast: the row returns with the same due state', async () => {
    const { context, page, errors } = await openPage(browser, DESKTOP);
    await signInAsDemo(page, served.url);
    const row = dueRows(page).nth(2);
    await row.waitFor();
    const name = (await row.getAttribute('aria-label')) ?? '';
    const href = await row.getByRole('link', { name, exact: true }).getAttribute('href');
    const id = href?.split('/').pop() ?? '';
    const before = await contactState(page, id);

    await row.getByRole('button', { name: `Snooze ${name}` }).click();
    const dialog = page.getByRole('dialog', { name: `Snooze ${name}` });
    await dialog.getByRole('button', { name: 'Snooze', exact: true }).click();
    await dueRow(page, name).waitFor({ state: 'detached' });
    await toast(page, `Snoozed ${name}`).getByRole('button', { name: 'Undo' }).click();
    await toast(page, `${name} is back on Today`).waitFor();
    await findDueRow(page, name);
    expect(await contactState(page, id)).toEqual(before);
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });

  it("reopens a next step marked done on the contact's page, due state as before", async () => {
    const { context, page, errors } = await openPage(browser, DESKTOP);
    await signInAsDemo(page, served.url);
    const today = await (await page.request.get(`${served.url}/api/today?limit=100`)).json();
    type Item = { contact: { id: string }; reason: string; nextStep: { action: string } | null };
    const item: Item | undefined = today.items.find((i: Item) => i.reason === 'next_step' && i.nextStep);
    expect(item, 'the demo has a contact due for a next step').toBeDefined();
    const id = item?.contact.id ?? '';
    const action = item?.nextStep?.action ?? '';
    const before = await contactState(page, id);

    await page.goto(`${served.url}/contacts/${id}`);
    const open = page.getByRole('list', { name: 'Open next steps' });
    await open.getByRole('checkbox', { name: `Mark done: ${action}` }).click();
    await open.getByRole('checkbox', { name: `Mark done: ${action}` }).waitFor({ state: 'detached' });
    await toast(page, `Done: ${action}`).getByRole('button', { name: 'Undo' }).click();
    await toast(page, `Reopened: ${action}`).waitFor();
    await open.getByRole('checkbox', { name: `Mark done: ${action}` }).waitFor();
    expect(await contactState(page, id)).toEqual(before);
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });
});

describe('Unsnooze', () => {
  it('brings a snoozed contact back to Today in one click from its page (at 390 px)', async () => {
    const { context, page, errors } = await openPage(browser, PHONE);
    await signInAsDemo(page, served.url);
    const name = (await dueRows(page).first().getAttribute('aria-label')) ?? '';
    const id = await snoozeByApi(page, name);

    await page.goto(`${served.url}/contacts/${id}`);
    await page.getByText(/^Snoozed until/).waitFor();
    await page.getByRole('button', { name: `Unsnooze ${name}` }).click();
    await toast(page, `${name} is back on Today`).waitFor();
    await page.getByText(/^Snoozed until/).waitFor({ state: 'detached' });
    expect((await contactState(page, id)).snoozedUntil).toBeNull();
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });

  it('brings a snoozed contact back from its row in the contact list', async () => {
    const { context, page, errors } = await openPage(browser, DESKTOP);
    await signInAsDemo(page, served.url);
    const name = (await dueRows(page).nth(1).getAttribute('aria-label')) ?? '';
    const id = await snoozeByApi(page, name);

    await page.goto(`${served.url}/contacts?q=${encodeURIComponent(name)}`);
    await page.getByRole('button', { name: `Unsnooze ${name}` }).click();
    await toast(page, `${name} is back on Today`).waitFor();
    await page.getByRole('button', { name: `Unsnooze ${name}` }).waitFor({ state: 'detached' });
    expect((await contactState(page, id)).snoozedUntil).toBeNull();
    await page.goto(`${served.url}/`);
    await findDueRow(page, name);
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });
});
