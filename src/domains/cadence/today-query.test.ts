import { describe, expect, it } from 'vitest';
import type { CredentialGate } from '../workspaces/credential-gate.ts';
import { todayQuery } from './today-query.ts';

const ws = '00000000-0000-4000-8000-000000000001';
const me = '00000000-0000-4000-8000-000000000002';
// The gate's and the cursor's values differ from the request's, so each is seen to be bound.
const gateWs = '00000000-0000-4000-8000-0000000000a1';
const gateUser = '00000000-0000-4000-8000-0000000000a2';
const lastId = '00000000-0000-4000-8000-0000000000c3';
const gate: CredentialGate = {
  kind: 'token',
  workspaceId: gateWs,
  userId: gateUser,
  role: 'member',
  tokenHash: 'hash-of-the-secret',
  state: 'pending',
};

describe('todayQuery', () => {
  it('reuses one text per shape and binds each request its own values', () => {
    const first = todayQuery({ workspaceId: ws, asOf: '2026-12-06', ownerId: me, limit: 51 });
    const later = todayQuery({ workspaceId: ws, asOf: '2027-01-15', ownerId: me, limit: 11 });
    expect(later.sql).toBe(first.sql);
    expect(first.params).toContain('2026-12-06');
    expect(later.params).toContain('2027-01-15');
    expect(later.params).toContain(11);
    expect(later.params).not.toContain('2026-12-06');
    // The remind window moves with the day (asOf ± 7 days).
    expect(later.params).toEqual(expect.arrayContaining(['2027-01-08', '2027-01-22']));
  });

  it('gives each shape its own text: owner or everyone, first page or after a cursor, with or without a gate', () => {
    const shapes = [
      todayQuery({ workspaceId: ws, asOf: '2026-12-06', ownerId: me, limit: 51 }),
      todayQuery({ workspaceId: ws, asOf: '2026-12-06', ownerId: null, limit: 51 }),
      todayQuery({ workspaceId: ws, asOf: '2026-12-06', ownerId: me, limit: 51, after: [2.5, 4, lastId] }),
      todayQuery({ workspaceId: ws, asOf: '2026-12-06', ownerId: me, limit: 51, gate }),
      todayQuery({
        workspaceId: ws,
        asOf: '2026-12-06',
        ownerId: me,
        limit: 51,
        gate: { ...gate, kind: 'session', tokenHash: 'hash-of-the-session' },
      }),
    ];
    expect(new Set(shapes.map((q) => q.sql)).size).toBe(shapes.length);
    expect(shapes[1]!.params).not.toContain(me);
    expect(shapes[2]!.params).toEqual(expect.arrayContaining([2.5, 4, lastId]));
    expect(shapes[3]!.params).toEqual(expect.arrayContaining(['hash-of-the-secret', gateWs, gateUser]));
    expect(shapes[4]!.params).toEqual(expect.arrayContaining(['hash-of-the-session', gateWs, gateUser]));
    for (const q of [shapes[0]!, shapes[1]!, shapes[2]!]) expect(q.params).not.toContain(gateWs);
    // No placeholder is left unfilled.
    for (const q of shapes) {
      expect(q.params).not.toContain(undefined);
      expect(q.params.every((p) => typeof p !== 'object' || p === null)).toBe(true);
    }
  });
});
