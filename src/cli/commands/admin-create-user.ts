import { z } from 'zod';
import { inTransaction } from '../../db/transaction.ts';
import { createUser } from '../../domains/workspaces/create-user.ts';
import { ROLES } from '../../domains/workspaces/schema.ts';
import { Email } from '../../domains/workspaces/validators.ts';
import { defineCommand, EXIT } from '../command.ts';

const CreateUserArgs = z.object({
  email: Email,
  password: z.string().min(8, { error: 'must be at least 8 characters' }).max(200),
  role: z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` }),
  workspace: z.string().trim().min(1, { error: 'must not be empty' }).max(100),
  name: z.string().trim().min(1).max(200).optional(),
});

/** `kith admin create-user`: adds a user, creating the workspace when none has that name. */
export const createUserCommand = defineCommand({
  name: 'admin create-user',
  summary: 'Add a user to a workspace (creating the workspace if new)',
  usage: [
    'kith admin create-user --email EMAIL --password PASSWORD --role owner|admin|member|viewer --workspace NAME [--name NAME]',
    '',
    '  Creates the workspace when no workspace has that name (case-insensitive), else adds the user to it.',
  ].join('\n'),
  options: {
    email: { type: 'string' },
    password: { type: 'string' },
    role: { type: 'string' },
    workspace: { type: 'string' },
    name: { type: 'string' },
  },
  positionals: [],
  Args: CreateUserArgs,
  run: async ({ db, args, out }) => {
    const user = await inTransaction(db, (tx) => createUser({ db: tx, input: args }));
    const where = user.workspaceCreated
      ? `new workspace "${args.workspace}"`
      : `workspace "${args.workspace}"`;
    out(`Created ${user.role} ${user.email} in ${where}.`);
    out(`Sign in with ${user.email} and the password you gave.`);
    return EXIT.ok;
  },
});
