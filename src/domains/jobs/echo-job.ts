import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { defineJob } from './define-job.ts';

/**
 * The smallest job kind, as a template and a smoke test of a deployment's workers: it counts `steps` items,
 * reporting progress, waiting `delayMs` per item, and stops early when its worker stops.
 */
export const echoJob = defineJob({
  kind: 'demo.echo',
  payload: z.object({
    message: z.string().max(200),
    steps: z.number().int().min(0).max(10_000).default(1),
    delayMs: z.number().int().min(0).max(10_000).default(0),
  }),
  handler: async ({ payload, progress, signal }) => {
    for (let step = 1; step <= payload.steps; step++) {
      signal.throwIfAborted();
      if (payload.delayMs > 0) await sleep(payload.delayMs, undefined, { signal });
      progress({ processed: step, total: payload.steps });
    }
  },
});
