/// <reference lib="dom" />
// page.evaluate callbacks run in the browser, so this file also sees the DOM types.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, PHONE, type Served, serveDemo, signInAsDemo } from './harness.ts';

/**
 * Every form checks what is typed with the API's own schema: bad input gets a message a person would write
 * under its field before anything is sent, and fixing it clears the message and saves.
 */
const WIDE = { width: 1440, height: 900 };
const isoDay = (offset = 0) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

let served: Served;
let browser: Browser;

beforeAll(async () => {
  [served, browser] = await Promise.all([serveDemo(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

/** Only real failures: the browser logs every 4xx answer, and some are expected answers here. */
const realErrors = (errors: string[]) =>
  errors.filter((e) => !/Failed to load resource: .*status of (400|401|404|409|422)/.test(e));

/** The API writes (POST, PATCH) the page sends from now on, as "METHOD /path". */
function watchWrites(page: Page): string[] {
  const writes: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (['POST', 'PATCH'].includes(request.method()) && url.pathname.startsWith('/api/'))
      writes.push(`${request.method()} ${url.pathname}`);
  });
  return writes;
}

/** Waits for a message under a field, exactly as written. */
const shows = (scope: Locator, message: string) => scope.getByText(message, { exact: true }).waitFor();
const gone = (scope: Locator, message: string) =>
  scope.getByText(message, { exact: true }).waitFor({ state: 'detached' });

/** The label of the element that has the focus. */
const focusedLabel = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    return el?.labels?.[0]?.textContent ?? el?.getAttribute('aria-label') ?? '';
  });

/** Signs in and opens a path, with the writes from then on watched. */
async function start(viewport: { width: number; height: number }, path: string) {
  const opened = await openPage(browser, viewport);
  await signInAsDemo(opened.page, served.url);
  await opened.page.goto(`${served.url}${path}`);
  return { ...opened, writes: watchWrites(opened.page) };
}

describe.each([
  ['desktop', WIDE, 'd'],
  ['phone', PHONE, 'p'],
] as const)('Forms on a %s', (_, viewport, tag) => {
  it('company: a missing name and a bad domain are named before sending, then it saves', async () => {
    const { context, page, errors, writes } = await start(viewport, '/companies');
    await page.getByRole('button', { name: 'New company' }).click();
    const dialog = page.getByRole('dialog', { name: 'New company' });
    await dialog.getByLabel('Name').fill('x');
    await dialog.getByLabel('Name').fill('');
    await shows(dialog, 'Name is required');
    await dialog.getByLabel('Domain').fill('not a domain');
    await shows(dialog, 'Domain must be a domain such as acme.com');
    await dialog.getByRole('button', { name: 'Add company' }).click();
    expect(await focusedLabel(page)).toMatch(/^Name/);
    expect(writes).toEqual([]);

    await dialog.getByLabel('Name').fill(`Formwell ${tag}`);
    await gone(dialog, 'Name is required');
    await dialog.getByLabel('Domain').fill(`formwell-${tag}.example`);
    await gone(dialog, 'Domain must be a domain such as acme.com');
    await dialog.getByRole('button', { name: 'Add company' }).click();
    await page.getByRole('heading', { name: `Formwell ${tag}`, level: 1 }).waitFor();
    expect(writes).toEqual(['POST /api/companies']);
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });

  it('tier: an empty name and an interval out of range are named before sending, then it saves', async () => {
    const { context, page, errors, writes } = await start(viewport, '/settings/tiers');
    await page.getByRole('button', { name: 'Add tier' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a tier' });
    await dialog.getByLabel('Interval (days)').fill('0');
    await shows(dialog, 'Interval must be between 1 and 3650 days');
    await dialog.getByRole('button', { name: 'Add tier' }).click();
    await shows(dialog, 'Name is required');
    expect(await focusedLabel(page)).toMatch(/^Name/);
    expect(writes).toEqual([]);

    await dialog.getByLabel('Name').fill(`F-${tag} (forms)`);
    await dialog.getByLabel('Interval (days)').fill('45');
    await gone(dialog, 'Interval must be between 1 and 3650 days');
    await gone(dialog, 'Name is required');
    await dialog.getByRole('button', { name: 'Add tier' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText(`F-${tag} (forms)`).first().waitFor();
    expect(writes).toEqual(['POST /api/tiers']);
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });

  it('invite: a half-typed email is named before sending, then the link is made', async () => {
    const { context, page, errors, writes } = await start(viewport, '/settings/team');
    await page.getByRole('button', { name: 'Invite someone' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invite someone' });
    await dialog.getByLabel('Email').fill('greta@');
    await shows(dialog, 'Email must be a full email address, such as name@example.com');
    await dialog.getByRole('button', { name: 'Create invitation link' }).click();
    expect(await focusedLabel(page)).toMatch(/^Email/);
    expect(writes).toEqual([]);

    await dialog.getByLabel('Email').fill(`greta.${tag}@forms.example`);
    await gone(dialog, 'Email must be a full email address, such as name@example.com');
    await dialog.getByRole('button', { name: 'Create invitation link' }).click();
    await page.getByRole('dialog', { name: `Invitation for greta.${tag}@forms.example` }).waitFor();
    expect(writes).toEqual(['POST /api/invites']);
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });

  it('token: a token without a name is named before sending, then it is made', async () => {
    const { context, page, errors, writes } = await start(viewport, '/settings/tokens');
    await page.getByRole('button', { name: 'Create token' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create an API token' });
    await dialog.getByRole('button', { name: 'Create token' }).click();
    await shows(dialog, 'Name is required');
    expect(await focusedLabel(page)).toMatch(/^Name/);
    await dialog.getByLabel('Name').fill('x'.repeat(101));
    await shows(dialog, 'Name must be at most 100 characters');
    expect(writes).toEqual([]);

    await dialog.getByLabel('Name').fill(`Report script ${tag}`);
    await gone(dialog, 'Name must be at most 100 characters');
    await dialog.getByRole('button', { name: 'Create token' }).click();
    await page.getByRole('dialog', { name: `Your token Report script ${tag}` }).waitFor();
    expect(writes).toEqual(['POST /api/tokens']);
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });

  it("a contact's fact and next step: empty text and far dates are named before sending, then they save", async () => {
    const { context, page, errors, writes } = await start(viewport, '/contacts');
    const res = await page.request.get(`${served.url}/api/contacts?limit=5`);
    const { items } = (await res.json()) as { items: { id: string; name: string }[] };
    const contact = items[tag === 'd' ? 0 : 1];
    if (!contact) throw new Error('the demo has contacts');
    await page.goto(`${served.url}/contacts/${contact.id}`);
    await page.getByRole('heading', { name: contact.name, level: 1 }).waitFor();

    const fact = page.getByRole('form', { name: 'Add a fact' });
    await fact.getByRole('button', { name: 'Add fact' }).click();
    await shows(fact, 'New fact is required');
    expect(await focusedLabel(page)).toMatch(/^New fact/);
    await fact.getByLabel('Remind on').fill(isoDay(6 * 365));
    await shows(fact, 'Remind on must be within 5 years of today');

    const step = page.getByRole('form', { name: 'Add a next step' });
    await step.getByLabel('Due').fill(isoDay(-400));
    await shows(step, 'Due must not be more than a year ago');
    await step.getByRole('button', { name: 'Add step' }).click();
    await shows(step, 'Next step is required');
    expect(writes).toEqual([]);

    await fact.getByLabel('New fact').fill(`Sails on weekends (${tag})`);
    await fact.getByLabel('Remind on').fill(isoDay(30));
    await gone(fact, 'Remind on must be within 5 years of today');
    await fact.getByRole('button', { name: 'Add fact' }).click();
    await page.getByRole('list', { name: 'Facts' }).getByText(`Sails on weekends (${tag})`).waitFor();
    // The emptied form does not complain about the text it just saved.
    expect(await fact.getByText('New fact is required').count()).toBe(0);

    await step.getByLabel('New next step').fill(`Send the sailing photos (${tag})`);
    await step.getByLabel('Due').fill(isoDay(3));
    await gone(step, 'Due must not be more than a year ago');
    await step.getByRole('button', { name: 'Add step' }).click();
    const added = page
      .getByRole('list', { name: 'Open next steps' })
      .getByRole('listitem', { name: `Send the sailing photos (${tag})` });
    const reschedule = added.getByLabel(`Reschedule Send the sailing photos (${tag})`);
    await reschedule.fill(isoDay(-400));
    await reschedule.press('Enter');
    await shows(added, 'Due must not be more than a year ago');
    expect(writes).toEqual([`POST /api/contacts/${contact.id}/facts`, 'POST /api/next-steps']);
    await reschedule.fill(isoDay(5));
    await reschedule.press('Enter');
    await gone(added, 'Due must not be more than a year ago');
    await expect.poll(() => writes.length).toBe(3);
    expect(writes[2]).toMatch(/^PATCH \/api\/next-steps\//);
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });

  it('the log dialog: an empty summary, a long call and an old next step are named before sending', async () => {
    const { context, page, errors, writes } = await start(viewport, '/contacts');
    const res = await page.request.get(`${served.url}/api/contacts?limit=5`);
    const { items } = (await res.json()) as { items: { id: string; name: string }[] };
    const contact = items[tag === 'd' ? 2 : 3];
    if (!contact) throw new Error('the demo has contacts');
    await page.goto(`${served.url}/contacts/${contact.id}`);
    await page.getByRole('heading', { name: contact.name, level: 1 }).waitFor();
    await page.keyboard.press('l');
    const dialog = page.getByRole('dialog', { name: 'Log a touch' });
    await dialog.getByLabel('Duration (minutes)').fill('2000');
    await shows(dialog, 'Duration must be at most 1440 minutes (a day)');
    await dialog.getByLabel(/^Next step( \*)?$/).fill('Send the notes');
    await dialog.getByLabel('Next step due').fill(isoDay(-400));
    await shows(dialog, 'Next step due must not be more than a year ago');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await shows(dialog, 'Summary is required');
    expect(writes).toEqual([]);

    await dialog.getByLabel('Duration (minutes)').fill('30');
    await gone(dialog, 'Duration must be at most 1440 minutes (a day)');
    await dialog.getByLabel('Next step due').fill(isoDay(7));
    await gone(dialog, 'Next step due must not be more than a year ago');
    await dialog.getByLabel('Summary').fill('Went through the rollout plan');
    await gone(dialog, 'Summary is required');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(writes).toEqual(['POST /api/interactions']);
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });

  it('snooze: a day too far or already past is named before sending, then it snoozes', async () => {
    const { context, page, errors, writes } = await start(viewport, '/contacts');
    const res = await page.request.get(`${served.url}/api/contacts?limit=20`);
    const { items } = (await res.json()) as { items: { id: string; name: string; snoozedUntil: unknown }[] };
    const contact = items.filter((c) => c.snoozedUntil === null)[tag === 'd' ? 4 : 5];
    if (!contact) throw new Error('the demo has contacts that are not snoozed');
    await page.goto(`${served.url}/contacts/${contact.id}`);
    await page.getByRole('heading', { name: contact.name, level: 1 }).waitFor();
    await page
      .getByRole('button', { name: `Snooze ${contact.name}` })
      .first()
      .click();
    const dialog = page.getByRole('dialog', { name: `Snooze ${contact.name}` });
    await dialog.getByLabel('Snooze until').fill(isoDay(800));
    await shows(dialog, 'Snooze until must be at most 2 years from today');
    await dialog.getByLabel('Snooze until').fill(isoDay(0));
    await shows(dialog, 'Snooze until must be after today');
    await dialog.getByRole('button', { name: 'Snooze', exact: true }).click();
    expect(await focusedLabel(page)).toMatch(/^Snooze until/);
    expect(writes).toEqual([]);

    await dialog.getByLabel('Snooze until').fill(isoDay(10));
    await gone(dialog, 'Snooze until must be after today');
    await dialog.getByRole('button', { name: 'Snooze', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(writes).toEqual([`PATCH /api/contacts/${contact.id}`]);
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });
});

describe('Sign-in form', () => {
  it('names a half-typed email and a missing password before sending, then signs in', async () => {
    const { context, page, errors } = await openPage(browser, PHONE);
    const writes = watchWrites(page);
    await page.goto(`${served.url}/sign-in`);
    const form = page.getByRole('form', { name: 'Sign in' });
    await form.getByLabel('Email').fill('demo@');
    await shows(form, 'Email must be a full email address, such as name@example.com');
    await form.getByRole('button', { name: 'Sign in' }).click();
    await shows(form, 'Password is required');
    expect(await focusedLabel(page)).toMatch(/^Email/);
    expect(writes).toEqual([]);

    await page.getByRole('button', { name: 'Fill in the demo login' }).click();
    await gone(form, 'Password is required');
    await form.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Today' }).waitFor();
    expect(writes[0]).toBe('POST /api/auth/login');
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });
});
