import type { z } from 'zod';
import type { Db } from '../../db/client.ts';

/** What a handler reports as it goes: `processed` of `total` items (total null while unknown). */
export type Progress = { processed: number; total?: number | null };

/** What a job's handler runs with. */
export type JobContext<P> = {
  /** The payload, parsed again with the kind's schema just before this run. */
  payload: P;
  workspaceId: string;
  jobId: string;
  /** 1 on the first run, 2 on the first retry, … */
  attempt: number;
  /** The store (not a transaction): open transactions as the work needs; side effects only after they commit. */
  db: Db;
  /** Records progress; cheap to call per item, as the runner writes it at most once per interval. */
  progress: (progress: Progress) => void;
  /** Aborted when the worker stops or loses the job's lease: stop and throw (or return) soon. */
  signal: AbortSignal;
};

/** One kind of background job: its id, its payload's schema and its handler. */
export type JobKind<S extends z.ZodType = z.ZodType> = {
  /** `<domain>.<verb>`, such as `contacts.import`; stored on each job row, so never rename a live kind. */
  kind: string;
  payload: S;
  // Method syntax on purpose: a kind with a narrower payload then still fits the registry's AnyJobKind.
  handler(context: JobContext<z.output<S>>): Promise<void>;
  /** Runs before the job stays failed (default 5). */
  maxAttempts?: number;
};

/** A job kind of any payload, as the registry and the runner hold them. */
export type AnyJobKind = JobKind<z.ZodType>;

/** The kinds a runner can run, by id. */
export type JobKinds = ReadonlyMap<string, AnyJobKind>;

export const DEFAULT_MAX_ATTEMPTS = 5;

/** Declares a job kind with its handler's payload typed from its Zod schema. */
export function defineJob<S extends z.ZodType>(definition: JobKind<S>): JobKind<S> {
  if (!/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/.test(definition.kind)) {
    throw new Error(`Job kind "${definition.kind}" must look like "domain.verb" (lower case, dotted)`);
  }
  const { maxAttempts } = definition;
  if (
    maxAttempts !== undefined &&
    !(Number.isInteger(maxAttempts) && maxAttempts >= 1 && maxAttempts <= 100)
  ) {
    throw new Error(`Job kind "${definition.kind}": maxAttempts must be a whole number from 1 to 100`);
  }
  return definition;
}

/** Builds the registry from a list of kinds, refusing two with the same id. */
export function jobKinds(list: readonly AnyJobKind[]): JobKinds {
  const map = new Map<string, AnyJobKind>();
  for (const kind of list) {
    if (map.has(kind.kind)) throw new Error(`Job kind "${kind.kind}" is registered twice`);
    map.set(kind.kind, kind);
  }
  return map;
}
