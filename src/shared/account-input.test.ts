import { describe, expect, it } from 'vitest';
import { InviteInput, PasswordChangeInput, TokenCreateInput } from './account-input.ts';
import { fieldLabel, sentence } from './zod-messages.ts';

const sentences = (
  schema: typeof InviteInput | typeof PasswordChangeInput | typeof TokenCreateInput,
  value: unknown,
) =>
  (schema.safeParse(value).error?.issues ?? []).map((i) => sentence(fieldLabel(i.path.join('.')), i.message));

describe('account inputs', () => {
  it('keeps an invited email in lower case', () => {
    expect(InviteInput.parse({ email: 'Greta@Example.com', role: 'member' })).toEqual({
      email: 'greta@example.com',
      role: 'member',
    });
  });

  it('says what is wrong as a person would', () => {
    expect(sentences(InviteInput, { email: 'greta@', role: 'member' })).toEqual([
      'Email must be a full email address, such as name@example.com',
    ]);
    expect(sentences(InviteInput, { email: 'g@example.com', role: 'boss' })).toEqual([
      'Role must be one of owner, admin, member, viewer',
    ]);
    expect(sentences(PasswordChangeInput, { current: '', next: 'short' })).toEqual([
      'Current is required',
      'Next must be at least 8 characters',
    ]);
    expect(sentences(TokenCreateInput, { name: ' ', scope: 'read' })).toEqual(['Name is required']);
    expect(sentences(TokenCreateInput, { name: 'A', scope: 'all' })).toEqual([
      'Scope must be "read" or "write"',
    ]);
  });
});
