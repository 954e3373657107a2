import { z } from 'zod';
import { Id } from '../../shared/validators.ts';
import { defineJob } from '../jobs/define-job.ts';
import { runImport } from './run-import.ts';

/** Reads an uploaded file into the workspace's contacts (run-import.ts); safe to run again after a crash. */
export const importJob = defineJob({
  kind: 'imports.run',
  payload: z.object({ importId: Id }),
  handler: async ({ payload, workspaceId, db, progress, signal }) =>
    runImport({ db, workspaceId, importId: payload.importId, progress, signal }),
});
