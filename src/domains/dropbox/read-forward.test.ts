import { describe, expect, it } from 'vitest';
import { isForwardSubject, readInlineForward } from './read-forward.ts';

const now = new Date('2026-12-07T00:00:00Z');

describe('reading an inline forward', () => {
  it("reads Gmail's block", () => {
    const text = [
      'Worth a look.',
      '',
      '---------- Forwarded message ---------',
      'From: Erin Park <Erin@Client.test>',
      'Date: Tue, Nov 24, 2026 at 3:15 PM',
      'Subject: Budget',
      'To: Ann <ann@kith.test>',
      'Cc: <gil@client.test>',
      '',
      '',
      'We can go ahead.',
    ].join('\n');
    expect(readInlineForward({ text, now })).toEqual({
      from: 'erin@client.test',
      name: 'Erin Park',
      to: ['ann@kith.test'],
      cc: ['gil@client.test'],
      subject: 'Budget',
      // A quoted date without a zone is read in the server's zone.
      date: new Date('2026-11-24T15:15:00'),
      snippet: 'We can go ahead.',
    });
  });

  it("reads Outlook's block, with Sent for the date and mailto links", () => {
    const text = [
      '________________________________',
      'From: Hal Jones [mailto:hal@client.test]',
      'Sent: Monday, November 23, 2026 10:00 AM',
      'To: Ann',
      'Subject: RE: Renewal',
      '',
      'Fine by me.',
    ].join('\r\n');
    expect(readInlineForward({ text, now })).toMatchObject({
      from: 'hal@client.test',
      name: 'Hal Jones',
      subject: 'RE: Renewal',
      date: new Date('2026-11-23T10:00:00'),
      snippet: 'Fine by me.',
    });
  });

  it("reads Apple Mail's block, quoted, with a time zone", () => {
    const text = [
      'Begin forwarded message:',
      '',
      '> From: Ida <ida@client.test>',
      '> Subject: Dinner',
      '> Date: November 22, 2026 at 7:00:00 PM GMT+1',
      '> To: ann@kith.test',
      '> ',
      '> See you there.',
    ].join('\n');
    expect(readInlineForward({ text, now })).toMatchObject({
      from: 'ida@client.test',
      name: 'Ida',
      subject: 'Dinner',
      date: new Date('2026-11-22T18:00:00Z'),
      snippet: 'See you there.',
    });
  });

  it('leaves the date null when it cannot be read or is in the future, and finds nothing without a From', () => {
    const block = (date: string) => `-----Original Message-----\nFrom: j@client.test\nDate: ${date}\n\nx`;
    expect(readInlineForward({ text: block('someday'), now })?.date).toBeNull();
    expect(readInlineForward({ text: block('Mon, 1 Jan 2040 10:00:00 +0000'), now })?.date).toBeNull();
    expect(readInlineForward({ text: 'Just a note, no forward here.', now })).toBeNull();
    expect(readInlineForward({ text: 'From: nobody at all\n\nx', now })).toBeNull();
  });

  it('knows a forward subject', () => {
    expect(['Fwd: a', 'FW: a', 'fw:a', 'WG: a', 'TR: a'].every(isForwardSubject)).toBe(true);
    expect(['Re: a', 'Forward planning', 'a Fwd: b'].some(isForwardSubject)).toBe(false);
  });
});
