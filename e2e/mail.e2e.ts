/// <reference lib="dom" />
// page.evaluate callbacks run in the browser, so this file also sees the DOM types.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dovecot, hasDovecot, startDovecot } from '../src/test/dovecot.ts';
import { daysAgo, deliver } from '../src/test/mail.ts';
import { launchBrowser, openPage, PHONE, type Served, serveDemo, signInAsDemo } from './harness.ts';

const WIDE = { width: 1440, height: 900 };
const LOGIN = { user: 'seller@kith.test', pass: 'pw-seller-1' };

let served: Served;
let browser: Browser;
let dovecot: Dovecot;

beforeAll(async () => {
  process.env.KITH_SECRET = 'browser test mailbox secret';
  if (!hasDovecot) return;
  [served, browser, dovecot] = await Promise.all([
    serveDemo(),
    launchBrowser(),
    startDovecot({ users: { [LOGIN.user]: LOGIN.pass } }),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
  await dovecot?.stop();
  delete process.env.KITH_SECRET;
});

describe.runIf(hasDovecot)('mail capture in the web app', () => {
  it('connects a mailbox, syncs it, adds a suggested contact by key, and shows the thread', async () => {
    const { context, page, errors } = await openPage(browser, WIDE);
    await signInAsDemo(page, served.url);
    const contacts = await (await page.request.get(`${served.url}/api/contacts?limit=20`)).json();
    const contact = (contacts.items as { id: string; emails: string[] }[]).find((c) => c.emails.length > 0)!;
    const email = contact.emails[0]!;
    await deliver(dovecot, LOGIN, 'INBOX', [
      {
        from: email,
        to: LOGIN.user,
        subject: 'Hello from the browser test',
        id: 'w1@e2e.test',
        date: daysAgo(3),
      },
      {
        from: 'Pat Quinn <pat@newco.e2e>',
        to: LOGIN.user,
        subject: 'Intro',
        id: 'w2@e2e.test',
        date: daysAgo(2),
      },
    ]);
    await deliver(dovecot, LOGIN, 'Sent', [
      {
        from: LOGIN.user,
        to: email,
        subject: 'Re: Hello from the browser test',
        id: 'w3@e2e.test',
        inReplyTo: 'w1@e2e.test',
        date: daysAgo(1),
      },
    ]);

    await page.goto(`${served.url}/settings/capture`);
    await page.getByRole('button', { name: 'Connect a mailbox' }).click();
    const dialog = page.getByRole('dialog', { name: 'Connect a mailbox' });
    await dialog.getByLabel('Email or username').fill(LOGIN.user);
    // The server's usual name is offered from the address.
    expect(await dialog.getByLabel('IMAP server').inputValue()).toBe('imap.kith.test');
    await dialog.getByLabel('IMAP server').fill(dovecot.host);
    await dialog.getByLabel('Security').selectOption('none');
    await dialog.getByLabel('Port').fill(String(dovecot.port));
    // Sent without a password: the form says so before any request.
    await dialog.getByRole('button', { name: 'Check and connect' }).click();
    await dialog.getByText('Password is required').waitFor();
    await dialog.getByLabel('Password', { exact: true }).fill('not-the-password');
    await dialog.getByRole('button', { name: 'Check and connect' }).click();
    await dialog.getByText(/^Password was refused by 127\.0\.0\.1:\d+ with this username$/).waitFor();
    await dialog.getByLabel('Password', { exact: true }).fill(LOGIN.pass);
    await dialog.getByRole('button', { name: 'Check and connect' }).click();
    await dialog.waitFor({ state: 'detached' });

    const row = page.getByRole('listitem', { name: LOGIN.user });
    await row.getByRole('button', { name: 'Sync now' }).click();
    await expect
      .poll(() => row.getByTestId('mailbox-counts').textContent(), { timeout: 20_000 })
      .toMatch(/3 messages read: 2 logged, 0 already there, 1 suggested, 0 skipped/);

    await page.getByRole('navigation').getByRole('link', { name: 'Suggested' }).first().click();
    const pat = page.getByRole('listitem', { name: 'Pat Quinn <pat@newco.e2e>' });
    await pat.waitFor();
    await page.keyboard.press('a');
    await page.getByText('Added Pat Quinn').waitFor();
    await page.getByText('No suggestions').waitFor();

    await page.goto(`${served.url}/contacts/${contact.id}`);
    const reply = page.getByRole('listitem', { name: 'Email: Re: Hello from the browser test' });
    await reply.getByText('you wrote').waitFor();
    await reply.getByRole('link', { name: 'Reply to “Hello from the browser test”' }).waitFor();
    expect(errors.filter((e) => !/status of 401|status of 422/.test(e))).toEqual([]);
    await context.close();
  });

  for (const path of ['/settings/capture', '/suggestions']) {
    it(`fits a phone: ${path}`, async () => {
      const { context, page } = await openPage(browser, PHONE);
      await signInAsDemo(page, served.url);
      await page.goto(`${served.url}${path}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await context.close();
    });
  }
});
