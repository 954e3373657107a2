import { describe, expect, it } from 'vitest';
import { TierInput } from './tier-input.ts';
import { fieldLabel, sentence } from './zod-messages.ts';

const sentences = (value: unknown) =>
  (TierInput.safeParse(value).error?.issues ?? []).map((i) =>
    sentence(fieldLabel(i.path.join('.')), i.message),
  );

describe('TierInput', () => {
  it('takes a tier without a cadence, with its defaults', () => {
    expect(TierInput.parse({ name: 'A', priority: 1, intervalDays: null })).toEqual({
      name: 'A',
      priority: 1,
      intervalDays: null,
      channel: 'any',
      requireNextStep: false,
    });
  });

  it('says what is wrong as a person would', () => {
    expect(sentences({ name: '', priority: 3, intervalDays: 30 })).toEqual(['Name is required']);
    expect(sentences({ name: 'x'.repeat(61), priority: 3, intervalDays: 30 })).toEqual([
      'Name must be at most 60 characters',
    ]);
    expect(sentences({ name: 'A', priority: 3, intervalDays: 0 })).toEqual([
      'Interval days must be between 1 and 3650 days',
    ]);
    expect(sentences({ name: 'A', priority: 3, intervalDays: 2.5 })).toEqual([
      'Interval days must be a whole number of days',
    ]);
    expect(sentences({ name: 'A', priority: 9, intervalDays: 7 })).toEqual(['Priority must be from 1 to 5']);
  });
});
