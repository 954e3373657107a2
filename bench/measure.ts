import { performance } from 'node:perf_hooks';

/** Latency figures in milliseconds. */
export type Timing = { n: number; p50: number; p99: number; mean: number; min: number; max: number };

/** The nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? Number.NaN;
}

function summarise(times: number[]): Timing {
  const sorted = [...times].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    n: sorted.length,
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    mean: round(sorted.reduce((s, x) => s + x, 0) / sorted.length),
    min: round(sorted[0]!),
    max: round(sorted[sorted.length - 1]!),
  };
}

/** Runs fn `warmup` times unmeasured, then `n` times one after another, and summarises the latencies. */
export async function measure(n: number, warmup: number, fn: (i: number) => Promise<void>): Promise<Timing> {
  return (await measureInterleaved(n, warmup, { fn })).fn!;
}

/**
 * Times several ways of doing the same thing in turns (a, b, a, b, ...), so that whatever drifts during a
 * run (caches warming, CPU frequency, autovacuum, other load) weighs on each alike and their ratio is fair.
 */
export async function measureInterleaved<K extends string>(
  n: number,
  warmup: number,
  fns: Record<K, (i: number) => Promise<void>>,
): Promise<Record<K, Timing>> {
  const entries = Object.entries(fns) as [K, (i: number) => Promise<void>][];
  const times = new Map<K, number[]>(entries.map(([k]) => [k, []]));
  for (let i = 0; i < warmup + n; i++) {
    for (const [k, fn] of entries) {
      const start = performance.now();
      await fn(i);
      if (i >= warmup) times.get(k)!.push(performance.now() - start);
    }
  }
  return Object.fromEntries(entries.map(([k]) => [k, summarise(times.get(k)!)])) as Record<K, Timing>;
}

/** GETs a URL and fails loudly on anything but 200, so a broken route never looks fast. */
export async function getOk(url: string, token?: string): Promise<unknown> {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${body.slice(0, 300)}`);
  return JSON.parse(body);
}

/** Misspells a word the way people do: swaps two neighbouring letters in the middle. */
export function misspell(word: string): string {
  if (word.length < 4) return `${word}${word.at(-1)}`;
  const i = Math.floor(word.length / 2) - 1;
  return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
}
