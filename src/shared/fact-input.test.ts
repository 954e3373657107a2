import { describe, expect, it } from 'vitest';
import { addDays, todayUtc } from './dates.ts';
import { FactInput, FactPatchInput } from './fact-input.ts';
import { fieldLabel, sentence } from './zod-messages.ts';

const sentences = (schema: typeof FactInput | typeof FactPatchInput, value: unknown) =>
  (schema.safeParse(value).error?.issues ?? []).map((i) => sentence(fieldLabel(i.path.join('.')), i.message));

describe('FactInput', () => {
  it('takes a fact with a reminder within five years', () => {
    const remindOn = addDays(todayUtc(), 30);
    expect(FactInput.parse({ text: ' Sails ', remindOn })).toEqual({ text: 'Sails', remindOn });
  });

  it('says what is wrong as a person would', () => {
    expect(sentences(FactInput, { text: ' ' })).toEqual(['Text is required']);
    expect(sentences(FactInput, { text: 'Sails', remindOn: addDays(todayUtc(), 6 * 365) })).toEqual([
      'Remind on must be within 5 years of today',
    ]);
    expect(sentences(FactPatchInput, { remindOn: '' })).toEqual(['Remind on is required']);
    expect(sentences(FactInput, { text: 'x'.repeat(2001) })).toEqual([
      'Text must be at most 2000 characters',
    ]);
  });
});
