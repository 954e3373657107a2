/// <reference lib="dom" />
// The log dialog as a seller meets it after a call: the tier's rule before saving, the open steps it will
// complete, a call's outcome, and Undo. Page callbacks run in the browser, so this file sees DOM types.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, launchBrowser, openPage, type Served, serveDemo, signInAsDemo } from './harness.ts';
import { dueRow, findDueRow, isoDay, realErrors, SHOTS } from './today-helpers.ts';

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

type Item = {
  contact: { id: string; name: string };
  tier: { id: string; name: string } | null;
  reason: string;
  nextStep: { id: string; action: string; dueAt: string } | null;
};

const getJson = async <T>(page: Page, path: string): Promise<T> =>
  (await page.request.get(`${served.url}${path}`)).json() as Promise<T>;

/** Today's due items, and the ids of the tiers that require a next step after a conversation. */
async function dueItems(page: Page) {
  const today = await getJson<{ items: Item[] }>(page, '/api/today?limit=100');
  const tiers = await getJson<{ items: { id: string; requireNextStep: boolean }[] }>(page, '/api/tiers');
  const strict = new Set(tiers.items.filter((t) => t.requireNextStep).map((t) => t.id));
  return { items: today.items, isStrict: (i: Item) => i.tier !== null && strict.has(i.tier.id) };
}

/** The contact's page data without the time of the last write: its due state, for "exactly as before". */
async function contactState(page: Page, id: string) {
  const { updatedAt: _updatedAt, ...rest } = await getJson<Record<string, unknown>>(
    page,
    `/api/contacts/${id}`,
  );
  return rest;
}

describe('The log dialog', () => {
  it("says a key account needs a next step before saving, requires it, and Undo restores the contact's state", async () => {
    const { context, page, errors } = await openPage(browser, DESKTOP);
    await signInAsDemo(page, served.url);
    const { items, isStrict } = await dueItems(page);
    const item = items.find((i) => isStrict(i) && i.reason !== 'next_step');
    expect(item, 'the demo has a due contact whose tier requires a next step').toBeDefined();
    const { name, id } = item?.contact ?? { name: '', id: '' };
    const before = await contactState(page, id);

    const row = await findDueRow(page, name);
    await row.getByRole('button', { name: `Log a touch with ${name}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Log a touch' });
    await dialog.waitFor();
    // Before anything is saved, the dialog states the tier's rule; there is no way around it.
    await dialog.getByText(`${item?.tier?.name} contacts need a next step after a call`).waitFor();
    expect(await dialog.getByRole('button', { name: /without next step/ }).count()).toBe(0);
    const nextStep = dialog.getByLabel(/^Next step( \*)?$/);
    expect(await nextStep.getAttribute('required')).not.toBeNull();

    await dialog.getByLabel('Summary').fill('Caught up on the rollout; they want a proposal');
    let posted = 0;
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/interactions')) posted++;
    });
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    const describedBy = await nextStep.getAttribute('aria-describedby');
    const fieldError = page.locator(`[id="${describedBy?.split(' ').find((x) => x.endsWith('-error'))}"]`);
    await fieldError.waitFor();
    expect(await fieldError.textContent()).toMatch(/need a next step after a call/);
    expect(posted).toBe(0);

    await dialog.getByRole('button', { name: 'In 1 week' }).click();
    expect(await dialog.getByLabel('Next step due').inputValue()).toBe(isoDay(7));
    await nextStep.fill('Send the proposal');
    await fieldError.waitFor({ state: 'detached' });
    await page.mouse.move(0, 0);
    await page.screenshot({ path: `${SHOTS}quick-log-desktop.png` });
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await dueRow(page, name).waitFor({ state: 'detached' });

    const toast = page.locator('.mantine-Notification-root', { hasText: `Logged call with ${name}` });
    await toast.getByRole('button', { name: 'Undo' }).click();
    await page.locator('.mantine-Notification-root', { hasText: 'Everything is as it was' }).waitFor();
    await findDueRow(page, name);
    expect(await contactState(page, id)).toEqual(before);
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });

  it('records a call that did not connect as an attempt, with its duration, without resetting the rhythm', async () => {
    const { context, page, errors } = await openPage(browser, DESKTOP);
    await signInAsDemo(page, served.url);
    const { items, isStrict } = await dueItems(page);
    const item = items.find((i) => !isStrict(i) && i.reason === 'cadence' && !i.nextStep);
    expect(item, 'the demo has a due contact on a plain cadence').toBeDefined();
    const name = item?.contact.name ?? '';

    const row = await findDueRow(page, name);
    await row.getByRole('button', { name: `Log a touch with ${name}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Log a touch' });
    await dialog.getByLabel('Summary').fill('Rang, nobody picked up');
    await dialog.getByLabel('Outcome').click();
    await page.getByRole('option', { name: 'No answer' }).click();
    await dialog.getByText(/An attempt/).waitFor();
    await dialog.getByLabel('Duration (minutes)').fill('2');
    const answer = page.waitForResponse(
      (r) => r.request().method() === 'POST' && r.url().endsWith('/api/interactions'),
    );
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    const logged = await (await answer).json();
    expect(logged.interaction).toMatchObject({
      outcome: 'no_answer',
      durationMinutes: 2,
      touchClass: 'attempt',
    });
    await dialog.waitFor({ state: 'hidden' });
    // Nobody talked, so the contact is still due.
    await page.reload();
    await findDueRow(page, name);
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });

  it('shows the open next steps it will complete, and keeps one open when asked', async () => {
    const { context, page, errors } = await openPage(browser, DESKTOP);
    await signInAsDemo(page, served.url);
    const { items } = await dueItems(page);
    const item = items.find((i) => i.reason === 'next_step' && i.nextStep);
    expect(item, 'the demo has a contact due for a next step').toBeDefined();
    const { name, id } = item?.contact ?? { name: '', id: '' };
    const step = item?.nextStep ?? { id: '', action: '', dueAt: '' };

    const row = await findDueRow(page, name);
    await row.getByRole('button', { name: `Log a touch with ${name}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Log a touch' });
    const steps = dialog.getByRole('group', { name: 'Open next steps' });
    const listed = steps.getByLabel(step.action, { exact: true });
    await listed.waitFor();
    expect(await listed.textContent()).toContain('this log completes it');
    await listed.getByLabel('Keep open').check();
    expect(await listed.textContent()).toContain('stays open');

    await dialog.getByRole('radiogroup', { name: 'Kind' }).getByText('Email', { exact: true }).click();
    await dialog.getByLabel('Summary').fill('Sent the notes from our call');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    const open = await getJson<{ items: { id: string }[] }>(
      page,
      `/api/next-steps?contactId=${id}&status=open`,
    );
    expect(open.items.map((s) => s.id)).toContain(step.id);
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });
});
