import { describe, expect, it } from 'vitest';
import { confirmProblem, passwordProblem } from './password';

describe('new password checks', () => {
  it('says how many characters are missing, and accepts 8 to 200', () => {
    expect(passwordProblem('')).toBe('Choose a password of at least 8 characters');
    expect(passwordProblem('abcdef')).toBe('Too short: 2 more characters, please');
    expect(passwordProblem('abcdefg')).toBe('Too short: 1 more character, please');
    expect(passwordProblem('abcdefgh')).toBeNull();
    expect(passwordProblem('x'.repeat(201))).toBe('Too long: keep it to 200 characters');
  });

  it('flags a confirmation only once it can no longer match', () => {
    expect(confirmProblem('secret-one', '')).toBeNull();
    expect(confirmProblem('secret-one', 'secret')).toBeNull();
    expect(confirmProblem('secret-one', 'secret-two')).toBe('The two passwords are not the same');
    expect(confirmProblem('secret-one', 'secret-one')).toBeNull();
  });
});
