import { describe, expect, it } from 'vitest';
import { addDays, todayUtc } from './dates.ts';
import { InteractionInput } from './interaction-input.ts';
import { fieldLabel, sentence } from './zod-messages.ts';

const contactId = '00000000-0000-4000-8000-000000000001';
const sentences = (value: Record<string, unknown>) =>
  (InteractionInput.safeParse({ contactIds: [contactId], kind: 'call', ...value }).error?.issues ?? []).map(
    (i) => sentence(fieldLabel(i.path.join('.')), i.message),
  );

describe('InteractionInput', () => {
  it('takes a call with its next step', () => {
    const dueAt = addDays(todayUtc(), 7);
    expect(sentences({ summary: 'Talked', nextStep: { action: 'Send it', dueAt } })).toEqual([]);
  });

  it('says what is wrong as a person would', () => {
    expect(sentences({ summary: ' ' })).toEqual(['Summary is required']);
    expect(sentences({ summary: 'Talked', durationMinutes: 2000 })).toEqual([
      'Duration minutes must be at most 1440 minutes (a day)',
    ]);
    expect(sentences({ summary: 'Talked', contactIds: [] })).toEqual([
      'Contact IDs must include at least one person',
    ]);
    expect(
      sentences({ summary: 'Talked', nextStep: { action: 'Send it', dueAt: addDays(todayUtc(), -400) } }),
    ).toEqual(['Next step due at must not be more than a year ago']);
  });
});
