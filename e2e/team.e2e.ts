/// <reference lib="dom" />
// page.evaluate callbacks run in the browser, so this file also sees the DOM types.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, launchBrowser, openPage, PHONE, type Served, serveDemo, signInAsDemo } from './harness.ts';

const SHOTS = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const INVITEE = { email: 'nina@kith.local', name: 'Nina Newbie', password: 'nina-likes-kites' };

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

/** Only real failures: the flow provokes 401s (a deactivated session) and the browser logs each. */
const realErrors = (errors: string[]) =>
  errors.filter((e) => !/Failed to load resource: .*status of (400|401|403|409)/.test(e));

type UserRow = { id: string; name: string; role: string; active: boolean };
type ContactRow = { id: string; ownerId: string | null };

async function apiGet<T>(page: Page, path: string): Promise<T> {
  const response = await page.request.get(`${served.url}${path}`);
  expect(response.status(), path).toBe(200);
  return (await response.json()) as T;
}
const usersNow = async (page: Page) => (await apiGet<{ items: UserRow[] }>(page, '/api/users')).items;
const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe('Team', () => {
  it('invites, the invitee joins through the link, and the admin changes their role and deactivates them', async () => {
    const admin = await openPage(browser, DESKTOP);
    await signInAsDemo(admin.page, served.url);
    await admin.page.getByRole('link', { name: 'Team' }).click();
    await admin.page.getByRole('heading', { name: 'Team', level: 1 }).waitFor();
    await admin.page.getByRole('list', { name: 'Team members' }).getByRole('listitem').first().waitFor();

    await admin.page.getByRole('button', { name: 'Invite someone' }).click();
    const inviteDialog = admin.page.getByRole('dialog', { name: 'Invite someone' });
    await inviteDialog.getByLabel('Email').fill(INVITEE.email);
    await inviteDialog.getByLabel('Role').selectOption('member');
    await inviteDialog.getByRole('button', { name: 'Create invitation link' }).click();
    const shown = admin.page.getByRole('dialog', { name: `Invitation for ${INVITEE.email}` });
    const link = await shown.getByRole('textbox', { name: 'Invitation link' }).inputValue();
    expect(link).toMatch(new RegExp(`^${served.url}/accept-invite#token=`));
    await admin.page.mouse.move(0, 0);
    await admin.page.waitForTimeout(300);
    await admin.page.screenshot({ path: `${SHOTS}team-invite-desktop.png` });
    await shown.getByRole('button', { name: 'Done' }).click();
    await admin.page
      .getByRole('list', { name: 'Pending invitations' })
      .getByRole('listitem', { name: INVITEE.email })
      .waitFor();

    const invitee = await openPage(browser, PHONE);
    await invitee.page.goto(link);
    await invitee.page.getByRole('heading', { name: 'Join Demo as a member' }).waitFor();
    await invitee.page.getByLabel('Your name').fill(INVITEE.name);
    const password = invitee.page.getByLabel('Choose a password');
    await password.fill('short');
    await invitee.page.getByText('Too short: 3 more characters, please').waitFor();
    await password.fill(INVITEE.password);
    await invitee.page.getByLabel('Type it again').fill(INVITEE.password);
    await invitee.page.getByRole('button', { name: 'Join and sign in' }).click();
    await invitee.page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
    expect((await apiGet<{ name: string; role: string }>(invitee.page, '/api/auth/me')).name).toBe(
      INVITEE.name,
    );
    const made = await invitee.page.request.post(`${served.url}/api/contacts`, {
      data: { firstName: 'Kite', lastName: 'Flyer' },
    });
    expect(made.status()).toBe(201);
    const contact = (await made.json()) as ContactRow;

    await admin.page.reload();
    const row = admin.page
      .getByRole('list', { name: 'Team members' })
      .getByRole('listitem', { name: INVITEE.name });
    await row.waitFor();
    expect(
      await admin.page
        .getByRole('list', { name: 'Pending invitations' })
        .getByRole('listitem', { name: INVITEE.email })
        .count(),
    ).toBe(0);
    await row.getByLabel(`Role of ${INVITEE.name}`).selectOption('viewer');
    await expect
      .poll(async () => (await usersNow(admin.page)).find((u) => u.name === INVITEE.name)?.role)
      .toBe('viewer');

    await row.getByRole('button', { name: `More for ${INVITEE.name}` }).click();
    await admin.page.getByRole('menuitem', { name: 'Deactivate' }).click();
    const confirm = admin.page.getByRole('dialog', { name: `Deactivate ${INVITEE.name}?` });
    const heir = confirm.getByLabel('Who takes over their contacts?');
    expect(await heir.inputValue()).toBe(
      (await usersNow(admin.page)).find((u) => u.name === 'Dana Demo')?.id,
    );
    await admin.page.mouse.move(0, 0);
    await admin.page.waitForTimeout(300); // let the modal's opening transition settle before the screenshot
    await admin.page.screenshot({ path: `${SHOTS}team-deactivate-desktop.png` });
    await confirm.getByRole('button', { name: `Deactivate ${INVITEE.name}` }).click();
    await confirm.waitFor({ state: 'hidden' });
    await row.getByText('Deactivated', { exact: true }).waitFor();

    const after = await invitee.page.request.get(`${served.url}/api/auth/me`);
    expect(after.status()).toBe(401);
    const moved = await apiGet<ContactRow>(admin.page, `/api/contacts/${contact.id}`);
    expect(moved.ownerId).toBe((await usersNow(admin.page)).find((u) => u.name === 'Dana Demo')?.id);
    await invitee.page.goto(`${served.url}/contacts`);
    await invitee.page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(realErrors(admin.errors)).toEqual([]);
    expect(realErrors(invitee.errors)).toEqual([]);
    await invitee.context.close();
    await admin.context.close();
  });

  it('creates a read-only token and shows it once; the audit log lists what happened', async () => {
    const { context, page, errors } = await openPage(browser, DESKTOP);
    await signInAsDemo(page, served.url);
    await page.getByRole('link', { name: 'API tokens' }).click();
    await page.getByRole('heading', { name: 'API tokens', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Create token' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create an API token' });
    await dialog.getByLabel('Name').fill('Weekly report');
    await dialog.getByRole('radio', { name: 'Read only' }).check();
    await dialog.getByRole('button', { name: 'Create token' }).click();
    const shown = page.getByRole('dialog', { name: 'Your token Weekly report' });
    const token = await shown.getByRole('textbox', { name: 'Token' }).inputValue();
    expect(token).toMatch(/^kith_/);
    await shown.getByRole('button', { name: 'Done' }).click();
    const row = page
      .getByRole('list', { name: 'API tokens' })
      .getByRole('listitem', { name: 'Weekly report' });
    await row.getByText('Read only').waitFor();
    expect(await page.content()).not.toContain(token);
    const bearer = { Authorization: `Bearer ${token}` };
    expect((await page.request.get(`${served.url}/api/tiers`, { headers: bearer })).status()).toBe(200);
    const write = await page.request.post(`${served.url}/api/companies`, {
      headers: bearer,
      data: { name: 'No' },
    });
    expect(write.status()).toBe(403);

    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    const log = page.getByRole('table', { name: 'Audit log' });
    await log.waitFor();
    const text = async () => (await log.textContent()) ?? '';
    for (const expected of [
      'CreatedInvitation',
      'AcceptedInvitation',
      `Changed roleUser ${INVITEE.name}`,
      `DeactivatedUser ${INVITEE.name}`,
      'CreatedAPI token',
    ]) {
      expect(await text(), expected).toContain(expected);
    }
    expect(await text()).toContain('1 contact handed to Dana Demo · 1 session ended · 0 tokens revoked');
    expect(await text()).toContain('member → viewer');
    await page.getByLabel('What').selectOption('user');
    await expect
      .poll(async () =>
        (await log.getByRole('row').allTextContents()).slice(1).every((r) => r.includes('User')),
      )
      .toBe(true);
    expect(await text()).not.toContain(token);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: `${SHOTS}audit-desktop.png` });
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });

  it('fits a 390 px phone: team, tokens, audit log and profile (screenshots)', async () => {
    const { context, page, errors } = await openPage(browser, PHONE);
    await signInAsDemo(page, served.url);
    for (const [path, heading, file] of [
      ['/settings/team', 'Team', 'team-phone.png'],
      ['/settings/tokens', 'API tokens', 'tokens-phone.png'],
      ['/settings/audit', 'Audit log', 'audit-phone.png'],
      ['/settings/profile', 'Profile', 'profile-phone.png'],
    ] as const) {
      await page.goto(`${served.url}${path}`);
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      expect(await overflow(page), path).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `${SHOTS}${file}` });
    }
    const next = page.getByLabel('New password');
    await next.fill('abc');
    await page.getByText('Too short: 5 more characters, please').waitFor();
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Enter your current password').waitFor();
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });
});
