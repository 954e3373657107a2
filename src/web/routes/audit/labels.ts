import type { AuditEntity, AuditEntry } from '../../api/team';

export const ACTION_LABEL: Record<AuditEntry['action'], string> = {
  create: 'Created',
  update: 'Changed',
  delete: 'Deleted',
  login: 'Signed in',
  logout: 'Signed out',
  accept: 'Accepted',
  revoke: 'Revoked',
  role_change: 'Changed role',
  deactivate: 'Deactivated',
  reactivate: 'Reactivated',
  password_change: 'Changed password',
  password_reset_link: 'Made a password reset link',
  password_reset: 'Reset password',
  sessions_revoke: 'Signed out other sessions',
  unlock: 'Lifted a sign-in lock',
  merge: 'Merged',
  dismiss_duplicate: 'Marked not a duplicate',
  undo: 'Undid',
  ignore: 'Ignored',
};

export const ENTITY_LABEL: Record<AuditEntity, string> = {
  workspace: 'Workspace',
  user: 'User',
  session: 'Session',
  api_token: 'API token',
  invite: 'Invitation',
  tier: 'Tier',
  company: 'Company',
  contact: 'Contact',
  interaction: 'Interaction',
  next_step: 'Next step',
  fact: 'Fact',
  import: 'Import',
  calendar_subscription: 'Calendar subscription',
  mailbox: 'Mailbox',
  suggested_contact: 'Suggested contact',
  template: 'Template',
  sequence: 'Sequence',
  sequence_enrollment: 'Sequence enrolment',
};

function shown(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'object' && 'name' in value && typeof value.name === 'string') return value.name;
  if (typeof value === 'object' && 'from' in value && 'to' in value)
    return `${shown(value.from)} → ${shown(value.to)}`;
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

const count = (n: unknown, one: string, many: string) => (n === 1 ? `1 ${one}` : `${String(n ?? 0)} ${many}`);

/** What a deactivation did, in words: "1 contact handed to Dana Demo · 1 session ended · no tokens revoked". */
function deactivation(c: Record<string, unknown>): string {
  const heir = shown(c.reassignTo);
  return [
    c.contactsReassigned
      ? `${count(c.contactsReassigned, 'contact', 'contacts')} handed to ${heir}`
      : 'owned no contacts',
    `${count(c.sessionsEnded, 'session', 'sessions')} ended`,
    `${count(c.tokensRevoked, 'token', 'tokens')} revoked`,
  ].join(' · ');
}

/** An entry's changes in a line: "member → viewer", or "name: Acme · domain: acme.com". */
export function describeChanges(entry: Pick<AuditEntry, 'action' | 'changes'>): string {
  const c = entry.changes;
  if (!c) return '';
  if (entry.action === 'deactivate') return deactivation(c);
  if ('from' in c && 'to' in c) return `${shown(c.from)} → ${shown(c.to)}`;
  return Object.entries(c)
    .map(([key, value]) => `${key}: ${shown(value)}`)
    .join(' · ');
}
