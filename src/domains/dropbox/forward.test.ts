import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DropboxHarness, mail, openDropboxHarness } from '../../test/dropbox-smtp.ts';
import { buildContact } from '../contacts/factories.ts';

let h: DropboxHarness;

beforeAll(async () => {
  h = await openDropboxHarness();
});
afterAll(async () => {
  await h?.close();
});

/** A forward "as attachment": a note, and the original as a message/rfc822 part. */
function withAttached(outer: Record<string, string>, original: string) {
  return [
    ...Object.entries(outer).map(([k, v]) => `${k}: ${v}`),
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'See attached.',
    '--b1',
    'Content-Type: message/rfc822',
    'Content-Disposition: attachment; filename="original.eml"',
    '',
    original,
    '--b1--',
    '',
  ].join('\r\n');
}

const gmailBlock = (ownEmail: string) =>
  [
    'FYI',
    '',
    '---------- Forwarded message ---------',
    'From: Erin Park <erin@client.test>',
    'Date: Tue, Nov 24, 2026 at 3:15 PM',
    'Subject: Budget for next year',
    `To: Ann <${ownEmail}>`,
    '',
    '',
    'We can go ahead in January.',
  ].join('\r\n');

// Gmail quotes the date without a zone: it is read in the server's.
const gmailDate = new Date('2026-11-24T15:15:00').toISOString().slice(0, 19);

describe('forwarding to the dropbox', () => {
  it('logs an inline "Fwd:" against the original sender, inbound, at its date and subject', async () => {
    const { user, address } = await h.userWithDropbox('Forward Inline');
    const headers = {
      From: user.email,
      To: address,
      Subject: 'Fwd: Budget',
      'Message-ID': '<fwd1@kith.test>',
    };
    const raw = mail(headers, gmailBlock(user.email));
    expect((await h.send({ from: user.email, to: address, raw })).ok).toBe(true);
    const [logged] = await h.interactionsOf(user, '<fwd1@kith.test>');
    expect(logged).toMatchObject({
      direction: 'in',
      source: 'dropbox',
      summary: 'Budget for next year',
      body: 'We can go ahead in January.',
      at: gmailDate,
    });
    expect(await h.contactsOf(user, logged!.id)).toMatchObject([
      { email: 'erin@client.test', first_name: 'Erin', last_name: 'Park', source: 'dropbox' },
    ]);
  });

  it('reads a quoted block in mail sent to the dropbox alone, whatever its subject', async () => {
    const { user, address } = await h.userWithDropbox('Forward No Prefix');
    const headers = {
      From: user.email,
      To: address,
      Subject: 'for the CRM',
      'Message-ID': '<fwd4@kith.test>',
    };
    expect(
      (await h.send({ from: user.email, to: address, raw: mail(headers, gmailBlock(user.email)) })).ok,
    ).toBe(true);
    const [logged] = await h.interactionsOf(user, '<fwd4@kith.test>');
    expect(logged).toMatchObject({ direction: 'in', summary: 'Budget for next year' });
  });

  it('logs an attached (message/rfc822) original by its own Message-ID, date and subject', async () => {
    const { user, address } = await h.userWithDropbox('Forward Attached');
    await buildContact(h.store.db, user.workspaceId, { email: 'frank@client.test' });
    const original = mail(
      {
        From: 'Frank <frank@client.test>',
        To: user.email,
        Subject: 'Contract signed',
        Date: 'Fri, 20 Nov 2026 11:30:00 +0100',
        'Message-ID': '<orig1@client.test>',
      },
      'Signed copy attached.',
    );
    const outer = {
      From: user.email,
      To: address,
      Subject: 'Fwd: Contract signed',
      'Message-ID': '<fwd2@kith.test>',
    };
    expect((await h.send({ from: user.email, to: address, raw: withAttached(outer, original) })).ok).toBe(
      true,
    );
    expect(await h.interactionsOf(user, '<fwd2@kith.test>')).toHaveLength(0);
    const [logged] = await h.interactionsOf(user, '<orig1@client.test>');
    expect(logged).toMatchObject({
      direction: 'in',
      summary: 'Contract signed',
      body: 'Signed copy attached.',
      at: '2026-11-20T10:30:00',
      touch_class: 'touch',
    });
    expect((await h.contactsOf(user, logged!.id)).map((c) => c.email)).toEqual(['frank@client.test']);
  });

  it('classifies an attached auto-reply by the touch rule, and logs my own forwarded mail as sent', async () => {
    const { user, address } = await h.userWithDropbox('Forward Classes');
    const autoReply = mail(
      {
        From: 'gus@client.test',
        To: user.email,
        Subject: 'Out of office',
        'Auto-Submitted': 'auto-replied',
        'Message-ID': '<ooo@client.test>',
      },
      'Back Monday.',
    );
    const outer = { From: user.email, To: address, Subject: 'Fwd: Out of office' };
    expect((await h.send({ from: user.email, to: address, raw: withAttached(outer, autoReply) })).ok).toBe(
      true,
    );
    expect(await h.interactionsOf(user, '<ooo@client.test>')).toMatchObject([
      { direction: 'in', touch_class: 'auto_reply' },
    ]);

    const mine = mail(
      { From: user.email, To: 'hana@client.test', Subject: 'Quote', 'Message-ID': '<mine@kith.test>' },
      'The quote.',
    );
    const again = { From: user.email, To: address, Subject: 'Fwd: Quote' };
    expect((await h.send({ from: user.email, to: address, raw: withAttached(again, mine) })).ok).toBe(true);
    const [sent] = await h.interactionsOf(user, '<mine@kith.test>');
    expect(sent).toMatchObject({ direction: 'out', touch_class: 'touch' });
    expect((await h.contactsOf(user, sent!.id)).map((c) => c.email)).toEqual(['hana@client.test']);
  });

  it('refuses a forward whose original sender cannot be found, and mail with nothing to log', async () => {
    const { user, address } = await h.userWithDropbox('Forward Unknown Original');
    const forward = mail({ From: user.email, To: address, Subject: 'Fwd: something' }, 'Look at this');
    const refused = await h.send({ from: user.email, to: address, raw: forward });
    expect(refused).toMatchObject({ ok: false, code: 550 });
    expect(refused.ok ? '' : refused.response).toContain('forwarded message');
    const empty = await h.send({
      from: user.email,
      to: address,
      raw: mail({ From: user.email, To: address }, 'hi'),
    });
    expect(empty).toMatchObject({ ok: false, code: 550 });
    expect(empty.ok ? '' : empty.response).toContain('Nothing to log');
    expect(await h.countInteractions(user)).toBe(0);
  });
});
