/// <reference lib="dom" />
// page.evaluate callbacks run in the browser, so this file also sees the DOM types.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmtpSink, startSmtpSink } from '../src/test/smtp-sink.ts';
import { launchBrowser, openPage, PHONE, type Served, serveDemo, signInAsDemo } from './harness.ts';

const WIDE = { width: 1440, height: 900 };

let served: Served;
let browser: Browser;
let sink: SmtpSink;

beforeAll(async () => {
  process.env.KITH_SECRET = 'browser test outbox secret';
  [served, browser, sink] = await Promise.all([
    serveDemo({ worker: true }),
    launchBrowser(),
    startSmtpSink(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
  await sink?.stop();
  delete process.env.KITH_SECRET;
});

describe('sending an email from a contact', () => {
  it('writes it in the contact page, sends it in the background, and shows it sent in the Outbox', async () => {
    const { context, page, errors } = await openPage(browser, WIDE);
    await signInAsDemo(page, served.url);
    const box = await page.request.post(`${served.url}/api/mailboxes`, {
      data: { address: 'seller@kith.test', smtp: { host: sink.host, port: sink.port, tls: 'none' } },
    });
    expect(box.status()).toBe(201);
    const contacts = await (await page.request.get(`${served.url}/api/contacts?limit=50`)).json();
    const contact = (contacts.items as { id: string; emails: string[]; doNotContact: boolean }[]).find(
      (c) => c.emails.length > 0 && !c.doNotContact,
    )!;
    await page.goto(`${served.url}/contacts/${contact.id}`);
    await page.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: 'Send an email' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Subject').fill('Checking in');
    await dialog.getByLabel('Message').fill('Hi {{contact.firstName}}, how are things?');
    await dialog.getByRole('button', { name: 'Send' }).click();
    await page.getByText(`Sending to ${contact.emails[0]}`).waitFor();

    await page.getByRole('navigation').getByRole('link', { name: 'Outbox' }).first().click();
    const row = page.getByRole('listitem', { name: 'Checking in' });
    await row.getByText('Sent', { exact: true }).waitFor({ timeout: 20_000 });
    expect(sink.received.filter((m) => m.to.includes(contact.emails[0]!))).toHaveLength(1);
    expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
    await context.close();
  });

  it('fits a phone', async () => {
    const { context, page } = await openPage(browser, PHONE);
    await signInAsDemo(page, served.url);
    await page.goto(`${served.url}/outbox`);
    await page.getByRole('heading', { name: 'Outbox', level: 1 }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await context.close();
  });
});
