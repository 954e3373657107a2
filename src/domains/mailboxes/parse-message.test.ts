import { describe, expect, it } from 'vitest';
import { headerFits, parseMessage, SNIPPET_CHARS } from './parse-message.ts';

const internalDate = new Date('2026-11-30T08:00:00Z');
const parse = (text: string) =>
  parseMessage({ source: Buffer.from(text), internalDate, fallbackId: '7.42.INBOX' });

describe('parseMessage', () => {
  it('reads who, when, about what, a text snippet and the signals the touch rule uses', async () => {
    const m = await parse(
      [
        'From: "Bob Client" <Bob@Client.test>',
        'To: ann@kith.test, Group: carl@client.test, dora@client.test;',
        'Cc: eve@client.test',
        'Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=',
        'Message-ID: <abc@client.test>',
        'In-Reply-To: <prev@kith.test>',
        'References: <first@kith.test> <prev@kith.test>',
        'Date: Tue, 01 Dec 2026 10:00:00 +0100',
        'Precedence: bulk',
        'List-Unsubscribe: <mailto:u@client.test>',
        'Content-Type: text/html; charset=utf-8',
        '',
        `<p>Hello <b>Ann</b></p><p>${'x'.repeat(3000)}</p>`,
      ].join('\r\n'),
    );
    expect(m).toMatchObject({
      messageId: '<abc@client.test>',
      inReplyTo: '<prev@kith.test>',
      references: ['<first@kith.test>', '<prev@kith.test>'],
      subject: 'Grüße',
      date: new Date('2026-12-01T09:00:00Z'),
      from: ['bob@client.test'],
      to: ['ann@kith.test', 'carl@client.test', 'dora@client.test'],
      cc: ['eve@client.test'],
      signals: { precedence: 'bulk', listUnsubscribe: true, autoSubmitted: null, listId: null },
    });
    expect(m.snippet.startsWith('Hello Ann')).toBe(true);
    expect(m.snippet).not.toContain('<');
    expect(m.snippet.length).toBe(SNIPPET_CHARS);
  });

  it('takes the server date for a missing or absurd Date, and names a message without a Message-ID', async () => {
    const future = await parse('From: a@b.test\r\nDate: Sat, 01 Jan 2180 00:00:00 +0000\r\n\r\nhi\r\n');
    expect(future.date).toEqual(internalDate);
    const none = await parse('From: a@b.test\r\nDate: not a date\r\n\r\nhi\r\n');
    expect(none).toMatchObject({
      date: internalDate,
      messageId: '<7.42.INBOX@kith.sync>',
      subject: '(no subject)',
    });
  });

  it('marks an out-of-office by Auto-Submitted or X-Autoreply', async () => {
    const auto = await parse('From: a@b.test\r\nAuto-Submitted: auto-replied\r\n\r\naway\r\n');
    expect(auto.signals.autoSubmitted).toBe('auto-replied');
    const x = await parse('From: a@b.test\r\nX-Autoreply: yes\r\n\r\naway\r\n');
    expect(x.signals.autoSubmitted).toBe('auto-replied');
  });

  it('tells whether the start of a message holds its whole header', () => {
    expect(headerFits(Buffer.from('From: a@b.test\r\nTo: c@d.test\r\n\r\nbody'))).toBe(true);
    expect(headerFits(Buffer.from('From: a@b.test\n\nbody'))).toBe(true);
    expect(headerFits(Buffer.from(`From: a@b.test\r\nX-Filler: ${'x'.repeat(70_000)}`))).toBe(false);
  });
});
