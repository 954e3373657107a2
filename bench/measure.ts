import { performance } from 'node:perf_hooks';

/** Latency figures in milliseconds. */
export type Timing = { n: number; p50: number; p99: number; mean: number; min: number; max: number };

/** The nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? Number.NaN;
}

/** Runs fn `warmup` times unmeasured, then `n` times one after another, and summarises the latencies. */
export async function measure(n: number, warmup: number, fn: (i: number) => Promise<void>): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await fn(i);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    n,
    p50: round(percentile(times, 50)),
    p99: round(percentile(times, 99)),
    mean: round(times.reduce((s, x) => s + x, 0) / n),
    min: round(times[0]!),
    max: round(times[times.length - 1]!),
  };
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
