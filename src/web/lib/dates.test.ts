import { describe, expect, it } from 'vitest';
import { formatDateTime, formatDay, isIsoDate } from './dates';

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

describe('formatDay and formatDateTime', () => {
  const now = new Date('2026-06-15T10:00:00Z');
  it('leave the year out this year and show it for any other year', () => {
    expect(formatDay('2026-03-12', now)).not.toMatch(/2026/);
    expect(formatDay('2024-03-12', now)).toMatch(/2024/);
    expect(formatDay('2027-01-02', now)).toMatch(/2027/);
    expect(formatDateTime('2026-03-12T12:00:00Z', now)).not.toMatch(/2026/);
    expect(formatDateTime('2023-03-12T12:00:00Z', now)).toMatch(/2023/);
  });
});
