import { z } from 'zod';
import { presentToday } from '../../domains/cadence/presenter.ts';
import { findToday } from '../../domains/cadence/today.ts';
import { Email } from '../../domains/workspaces/validators.ts';
import { todayUtc } from '../../shared/dates.ts';
import { IsoDate } from '../../shared/validators.ts';
import { defineCommand, EXIT } from '../command.ts';
import { formatToday } from '../format-today.ts';
import { NO_USER, resolveUserByEmail, resolveWorkspace } from '../workspace.ts';

const TodayArgs = z.object({
  asOf: IsoDate.optional(),
  owner: z
    .string()
    .trim()
    .toLowerCase()
    .refine((v) => v === 'all' || Email.safeParse(v).success, { error: "must be 'all' or a user's email" })
    .default('all'),
  workspace: z.string().trim().min(1).optional(),
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be at least 1' })
    .max(200, { error: 'must be at most 200' })
    .default(50),
});

/** `kith today`: the ranked Today list as a table. */
export const todayCommand = defineCommand({
  name: 'today',
  summary: 'Show who to contact today, ranked, as a table',
  usage: [
    'kith today [--as-of YYYY-MM-DD] [--owner all|EMAIL] [--workspace NAME] [--limit N]',
    '',
    '  --as-of      the day to plan for (default today, UTC)',
    "  --owner      'all' (default) or the email of the owner whose contacts to list",
    '  --workspace  needed when the store holds several workspaces',
    '  --limit      how many rows (1-200, default 50)',
  ].join('\n'),
  options: {
    'as-of': { type: 'string' },
    owner: { type: 'string' },
    workspace: { type: 'string' },
    limit: { type: 'string' },
  },
  positionals: [],
  Args: TodayArgs,
  run: async ({ db, args, out }) => {
    const workspace = await resolveWorkspace({ db, name: args.workspace });
    const ownerId =
      args.owner === 'all'
        ? null
        : await resolveUserByEmail({ db, workspaceId: workspace.id, email: args.owner, flag: '--owner' });
    const today = presentToday(
      await findToday({
        db,
        workspaceId: workspace.id,
        asOf: args.asOf ?? todayUtc(),
        ownerId,
        // The CLI reads as the workspace's first owner: others' private facts stay out.
        actorId: workspace.actorId ?? NO_USER,
        limit: args.limit,
      }),
    );
    const owner = args.owner === 'all' ? 'everyone' : `owner ${args.owner}`;
    for (const line of formatToday({ today, workspace: workspace.name, owner })) out(line);
    return EXIT.ok;
  },
});
