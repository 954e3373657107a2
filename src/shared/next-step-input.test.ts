import { describe, expect, it } from 'vitest';
import { addDays, todayUtc } from './dates.ts';
import { NextStepInput } from './next-step-input.ts';
import { fieldLabel, sentence } from './zod-messages.ts';

const contactId = '00000000-0000-4000-8000-000000000001';
const sentences = (value: unknown) =>
  (NextStepInput.safeParse(value).error?.issues ?? []).map((i) =>
    sentence(fieldLabel(i.path.join('.')), i.message),
  );

describe('NextStepInput', () => {
  it('takes a step due any day from a year ago on', () => {
    const dueAt = addDays(todayUtc(), -300);
    expect(NextStepInput.parse({ contactId, action: ' Call ', dueAt })).toEqual({
      contactId,
      action: 'Call',
      dueAt,
    });
  });

  it('says what is wrong as a person would', () => {
    const dueAt = addDays(todayUtc(), 7);
    expect(sentences({ contactId, action: '', dueAt })).toEqual(['Action is required']);
    expect(sentences({ contactId, action: 'Call', dueAt: '' })).toEqual(['Due at is required']);
    expect(sentences({ contactId, action: 'Call', dueAt: addDays(todayUtc(), -400) })).toEqual([
      'Due at must not be more than a year ago',
    ]);
    expect(sentences({ contactId: 'nope', action: 'Call', dueAt })).toEqual(['Contact ID must be a UUID']);
  });
});
