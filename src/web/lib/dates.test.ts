import { describe, expect, it } from 'vitest';
import { isIsoDate } from './dates';

describe('isIsoDate', () => {
  it('takes a real date in the years the API accepts', () => {
    for (const day of ['2026-12-06', '1000-01-01', '2999-12-31', '1815-12-10'])
      expect(isIsoDate(day), day).toBe(true);
  });

  it('refuses a half-typed year, a year the API refuses, and what is not a date', () => {
    for (const day of ['0002-12-06', '0202-12-06', '3000-01-01', '2026-13-01', '2026-12', '']) {
      expect(isIsoDate(day), day).toBe(false);
    }
  });
});
