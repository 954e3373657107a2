import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildUser } from '../domains/workspaces/factories.ts';
import { apiAs, openTestApp } from '../test/http.ts';
import { IsoDate, ShortText } from './validators.ts';
import { fieldLabel } from './zod-messages.ts';

const messageOf = (schema: z.ZodType, value: unknown) => schema.safeParse(value).error?.issues[0]?.message;

describe("Zod's messages, as a person would write them", () => {
  it('says what is wrong in words, not in Zod terms', () => {
    expect(messageOf(ShortText, '')).toBe('is required');
    expect(messageOf(ShortText, undefined)).toBe('is required');
    expect(messageOf(ShortText, 'x'.repeat(201))).toBe('must be at most 200 characters');
    expect(messageOf(z.number().int().min(1), 0)).toBe('must be at least 1');
    expect(messageOf(z.number(), 'seven')).toBe('must be a number');
    expect(messageOf(z.enum(['a', 'b', 'c']), 'd')).toBe('must be one of "a", "b", "c"');
    expect(messageOf(z.email(), 'nope')).toBe('must be a valid email address');
    expect(messageOf(z.array(z.string()).min(1), [])).toBe('needs at least one entry');
    expect(messageOf(z.number().int(), 1.5)).toBe('must be a whole number');
    expect(messageOf(z.string().regex(/^[a-z]+$/), 'A1')).toBe('is not in the expected format');
    expect(messageOf(z.string().startsWith('https://'), 'http://x')).toBe('must start with "https://"');
  });

  it('calls an empty date missing, and a badly written one by its format', () => {
    expect(messageOf(IsoDate, '')).toBe('is required');
    expect(messageOf(IsoDate, undefined)).toBe('is required');
    expect(messageOf(IsoDate, '12/31/2026')).toBe('must be a date as YYYY-MM-DD');
    expect(messageOf(IsoDate, '0226-01-01')).toBe('must be between 1000-01-01 and 2999-12-31');
  });

  it('names fields as words', () => {
    expect(fieldLabel('body.firstName')).toBe('First name');
    expect(fieldLabel('body.emails.1')).toBe('Emails #2');
    expect(fieldLabel('query.ownerId')).toBe('Owner ID');
    expect(fieldLabel('body.contactIds')).toBe('Contact IDs');
  });

  it('answers a 400 in one sentence naming the field', async () => {
    const t = await openTestApp();
    try {
      const user = await buildUser(t.store.db);
      const res = await apiAs(t.app, user.token).post('/api/contacts', { firstName: '  ' });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe('First name is required');
      expect(res.body.error.fields).toEqual([{ field: 'body.firstName', message: 'is required' }]);
    } finally {
      await t.close();
    }
  });
});
