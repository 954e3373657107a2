/** Exponential backoff: the first retry waits about `baseMs`, each next one twice as long, up to `capMs`. */
export type Backoff = { baseMs: number; capMs: number };

export const DEFAULT_BACKOFF: Backoff = { baseMs: 5_000, capMs: 15 * 60_000 };

/**
 * How long to wait before the retry that follows failed attempt `attempt` (1, 2, …): half the exponential
 * delay plus a random part of the other half ("equal jitter"), so jobs that failed together (a mail server
 * down) do not all retry in the same instant, and a retry never comes sooner than half the delay.
 */
export function retryDelayMs(options: { attempt: number; backoff: Backoff; random?: () => number }): number {
  const { attempt, backoff } = options;
  const random = options.random ?? Math.random;
  const exponential = Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}
