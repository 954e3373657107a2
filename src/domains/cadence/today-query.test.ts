import { describe, expect, it } from 'vitest';
import { todayQuery } from './today-query.ts';

const ws = '00000000-0000-4000-8000-000000000001';
const me = '00000000-0000-4000-8000-000000000002';
// The cursor's values differ from the request's, so each is seen to be bound.
const reader = '00000000-0000-4000-8000-0000000000b2';
const lastId = '00000000-0000-4000-8000-0000000000c3';

describe('todayQuery', () => {
  it('reuses one text per shape and binds each request its own values', () => {
    const first = todayQuery({
      viewerId: reader,
      workspaceId: ws,
      asOf: '2026-12-06',
      ownerId: me,
      limit: 51,
    });
    const later = todayQuery({
      viewerId: reader,
      workspaceId: ws,
      asOf: '2027-01-15',
      ownerId: me,
      limit: 11,
    });
    expect(later.sql).toBe(first.sql);
    expect(first.params).toContain('2026-12-06');
    expect(later.params).toContain('2027-01-15');
    expect(later.params).toContain(11);
    expect(later.params).not.toContain('2026-12-06');
    // The remind window moves with the day (asOf ± 7 days).
    expect(later.params).toEqual(expect.arrayContaining(['2027-01-08', '2027-01-22']));
  });

  it('gives each shape its own text: owner or everyone, first page or after a cursor', () => {
    const shapes = [
      todayQuery({ viewerId: reader, workspaceId: ws, asOf: '2026-12-06', ownerId: me, limit: 51 }),
      todayQuery({ viewerId: reader, workspaceId: ws, asOf: '2026-12-06', ownerId: null, limit: 51 }),
      todayQuery({
        viewerId: me,
        workspaceId: ws,
        asOf: '2026-12-06',
        ownerId: me,
        limit: 51,
        after: [2.5, 4, lastId],
      }),
    ];
    expect(new Set(shapes.map((q) => q.sql)).size).toBe(shapes.length);
    expect(shapes[1]!.params).not.toContain(me);
    expect(shapes[2]!.params).toEqual(expect.arrayContaining([2.5, 4, lastId]));
    // No placeholder is left unfilled.
    for (const q of shapes) {
      expect(q.params).not.toContain(undefined);
      expect(q.params.every((p) => typeof p !== 'object' || p === null)).toBe(true);
    }
  });
});
