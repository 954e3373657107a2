import type { Role } from '../../api/team';

export const ROLE_LABEL: Record<Role, string> = {
  owner: 'Owner',
  admin: 'Admin',
  member: 'Member',
  viewer: 'Viewer',
};

/** What each role may do, in a line (docs/permissions.md has the table). */
export const ROLE_HINT: Record<Role, string> = {
  owner: 'Everything, including managing owners',
  admin: 'Everything but managing owners: the team, tiers, the audit log',
  member: 'Reads everything shared, edits contacts, logs touches',
  viewer: 'Reads only',
};

export const ROLE_COLOR: Record<Role, string> = {
  owner: 'grape',
  admin: 'blue',
  member: 'teal',
  viewer: 'gray',
};

/** The roles someone may hand out: only an owner makes owners. */
export const rolesFor = (me: Role): Role[] =>
  me === 'owner' ? ['owner', 'admin', 'member', 'viewer'] : ['admin', 'member', 'viewer'];
