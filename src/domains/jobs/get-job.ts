import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../shared/errors.ts';
import type { JobRow } from './claim.ts';
import { jobs } from './schema.ts';

/** One job of the workspace, or not_found (also for another workspace's id). */
export async function getJob(options: { db: Db; workspaceId: string; id: string }): Promise<JobRow> {
  const [row] = await options.db
    .select()
    .from(jobs)
    .where(and(eq(jobs.workspaceId, options.workspaceId), eq(jobs.id, options.id)));
  if (!row) throw notFound('Job', options.id);
  return row;
}
