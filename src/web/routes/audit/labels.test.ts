import { describe, expect, it } from 'vitest';
import { describeChanges } from './labels';

describe('audit entry details', () => {
  it('words a deactivation, a role change and other changes for a person', () => {
    expect(
      describeChanges({
        action: 'deactivate',
        changes: {
          tokensRevoked: 0,
          sessionsEnded: 1,
          contactsReassigned: 2,
          reassignTo: { id: 'x', name: 'Dana' },
        },
      }),
    ).toBe('2 contacts handed to Dana · 1 session ended · 0 tokens revoked');
    expect(
      describeChanges({ action: 'deactivate', changes: { contactsReassigned: 0, reassignTo: null } }),
    ).toBe('owned no contacts · 0 sessions ended · 0 tokens revoked');
    expect(describeChanges({ action: 'role_change', changes: { from: 'member', to: 'viewer' } })).toBe(
      'member → viewer',
    );
    expect(
      describeChanges({ action: 'update', changes: { name: { from: 'Al', to: 'Alan' }, isPrivate: true } }),
    ).toBe('name: Al → Alan · isPrivate: yes');
    expect(describeChanges({ action: 'delete', changes: null })).toBe('');
  });
});
