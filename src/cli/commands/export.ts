import { z } from 'zod';
import { exportText } from '../../domains/contacts/export/stream.ts';
import { defineCommand, EXIT } from '../command.ts';
import { resolveWorkspace } from '../workspace.ts';

const ExportArgs = z.object({
  format: z.enum(['vcard', 'csv'], { error: "must be 'vcard' or 'csv'" }).default('vcard'),
  vcardVersion: z.enum(['4.0', '3.0'], { error: "must be '4.0' or '3.0'" }).default('4.0'),
  workspace: z.string().trim().min(1).optional(),
});

/** `kith export`: every contact of the workspace as vCard or CSV on stdout, a page at a time. */
export const exportCommand = defineCommand({
  name: 'export',
  summary: 'Write every contact as vCard or CSV to stdout',
  usage: [
    'kith export [--format vcard|csv] [--vcard-version 4.0|3.0] [--workspace NAME] > FILE',
    '',
    '  --format         vcard (default) or csv, the same files as GET /api/contacts/export',
    '  --vcard-version  4.0 (default), or 3.0 for older address books',
    '  --workspace      needed when the store holds several workspaces',
  ].join('\n'),
  options: { format: { type: 'string' }, 'vcard-version': { type: 'string' }, workspace: { type: 'string' } },
  positionals: [],
  Args: ExportArgs,
  run: async ({ db, args, out }) => {
    const workspace = await resolveWorkspace({ db, name: args.workspace });
    const chunks = exportText({
      db,
      workspaceId: workspace.id,
      // As the workspace's first owner, like every CLI command: others' private facts stay out.
      actorId: workspace.actorId,
      filters: { archived: false, sort: 'name', dir: 'asc' },
      format: args.format,
      version: args.vcardVersion,
    });
    for await (const chunk of chunks) {
      // `out` ends each piece with "\n": split on it so the bytes (CRLF line ends, new lines inside a
      // quoted CSV cell) come out exactly as the API writes them.
      const pieces = chunk.split('\n');
      pieces.pop();
      for (const piece of pieces) out(piece);
    }
    return EXIT.ok;
  },
});
