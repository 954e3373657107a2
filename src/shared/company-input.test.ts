import { describe, expect, it } from 'vitest';
import { CompanyCreateInput } from './company-input.ts';
import { fieldLabel, sentence } from './zod-messages.ts';

/** Each problem as the form and the server word it. */
const sentences = (value: unknown) =>
  (CompanyCreateInput.safeParse(value).error?.issues ?? []).map((i) =>
    sentence(fieldLabel(i.path.join('.')), i.message),
  );

describe('CompanyCreateInput', () => {
  it('keeps a pasted address as its lower-case host', () => {
    expect(CompanyCreateInput.parse({ name: ' Acme ', domain: 'https://Acme.com/about' })).toEqual({
      name: 'Acme',
      domain: 'acme.com',
    });
  });

  it('says what is wrong as a person would', () => {
    expect(sentences({ name: '  ' })).toEqual(['Name is required']);
    expect(sentences({ name: 'Acme', domain: 'not a domain' })).toEqual([
      'Domain must be a domain such as acme.com',
    ]);
    expect(sentences({ name: 'Acme', fitRating: 6 })).toEqual(['Fit rating must be from 1 to 5']);
    expect(sentences({ name: 'Acme', industry: 'x'.repeat(101) })).toEqual([
      'Industry must be at most 100 characters',
    ]);
  });
});
