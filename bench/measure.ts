import http from 'node:http';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';

/**
 * Latency figures in milliseconds. `harnessGc` counts the timed calls during which the benchmark's own
 * process paused for garbage collection, and the pause time inside them.
 */
export type Timing = {
  n: number;
  p50: number;
  p99: number;
  mean: number;
  min: number;
  max: number;
  harnessGc: { calls: number; ms: number };
};

/**
 * V8's collector, present when node runs with --expose-gc (npm run bench does). gc() with no argument
 * collects everything (on Node 20, gc({ type: 'major' }) ran only a scavenge).
 */
const collectGarbage = (globalThis as { gc?: () => void }).gc;
/**
 * With collectBetween, a full collection every this many rounds: the young space (16 MB under npm run
 * bench) never fills between two of them, and old space never reaches its next major collection.
 */
const FULL_GC_EVERY = 10;
const YOUNG_SPACE_BYTES = 16 * 2 ** 20;

function youngSpaceBytes(): number {
  return getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
}

/** The nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? Number.NaN;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

function summarise(times: number[], harnessGc: Timing['harnessGc']): Timing {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    mean: round(sorted.reduce((s, x) => s + x, 0) / sorted.length),
    min: round(sorted[0]!),
    max: round(sorted[sorted.length - 1]!),
    harnessGc,
  };
}

/**
 * How timed calls run. `collectBetween`: collect all of the benchmark process's garbage between two timed
 * calls every FULL_GC_EVERY rounds (needs --expose-gc), so that its own pauses do not land inside the calls
 * it times: without this, 1 to 8 of the 200 timed calls of a column caught one, of about 10 ms, the size of
 * the p99s being compared. For when the server runs in another process; where it runs in this one
 * (PGlite), this would hide the server's own collections. Note that the raw side's driver runs in this
 * process, so its garbage is collected outside its timed calls while the server's is not; if anything,
 * that favours the raw column.
 */
export type MeasureOptions = {
  n: number;
  warmup: number;
  collectBetween: boolean;
  /** Keep going only while this holds, checked before each round (n is then the most): to time under load. */
  while?: () => boolean;
};

/** Runs fn `warmup` times unmeasured, then `n` times one after another, and summarises the latencies. */
export async function measure(options: MeasureOptions, fn: (i: number) => Promise<void>): Promise<Timing> {
  return (await measureInterleaved(options, { fn })).fn!;
}

type Window = { start: number; end: number };

/**
 * Times several ways of doing the same thing in turns (a, b, a, b, ...), so that whatever drifts during a
 * run (caches warming, CPU frequency, autovacuum, other load) weighs on each alike and their ratio is fair.
 */
export async function measureInterleaved<K extends string>(
  options: MeasureOptions,
  fns: Record<K, (i: number) => Promise<void>>,
): Promise<Record<K, Timing>> {
  if (options.collectBetween && (!collectGarbage || youngSpaceBytes() < YOUNG_SPACE_BYTES)) {
    throw new Error('Run the benchmark with npm run bench (it sets --expose-gc --min-semi-space-size=16)');
  }
  const entries = Object.entries(fns) as [K, (i: number) => Promise<void>][];
  const times = new Map<K, number[]>(entries.map(([k]) => [k, []]));
  const windows = new Map<K, Window[]>(entries.map(([k]) => [k, []]));
  const pauses: Window[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) pauses.push({ start: e.startTime, end: e.startTime + e.duration });
  });
  observer.observe({ entryTypes: ['gc'] });
  for (let i = 0; i < options.warmup + options.n && (options.while?.() ?? true); i++) {
    // The full collection goes before each way in turn, so that whatever V8 finishes after it on its own
    // threads (sweeping) weighs on each alike.
    const fullBefore = i % FULL_GC_EVERY === 0 ? (i / FULL_GC_EVERY) % entries.length : -1;
    for (const [j, [k, fn]] of entries.entries()) {
      if (options.collectBetween && j === fullBefore) collectGarbage!();
      const start = performance.now();
      await fn(i);
      const end = performance.now();
      if (i >= options.warmup) {
        times.get(k)!.push(end - start);
        windows.get(k)!.push({ start, end });
      }
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 20)); // GC entries arrive asynchronously
  observer.disconnect();
  return Object.fromEntries(
    entries.map(([k]) => [k, summarise(times.get(k)!, pausesWithin(windows.get(k)!, pauses))]),
  ) as Record<K, Timing>;
}

/** How many windows overlapped a pause, and how much pause time fell inside them. */
function pausesWithin(windows: Window[], pauses: Window[]): Timing['harnessGc'] {
  let calls = 0;
  let ms = 0;
  for (const w of windows) {
    const inside = pauses
      .map((p) => Math.min(p.end, w.end) - Math.max(p.start, w.start))
      .filter((overlap) => overlap > 0);
    if (inside.length > 0) calls += 1;
    ms += inside.reduce((sum, x) => sum + x, 0);
  }
  return { calls, ms: round(ms) };
}

/**
 * The benchmark's HTTP client: node:http over one kept-alive connection, as a service calling the API
 * would hold it. Node 20's fetch (undici) spent 0.4 to 0.6 ms more per request at p50 in the client itself
 * (measured against this one, interleaved, on the same server), which is not the API's time.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const REQUEST_TIMEOUT_MS = 30_000;

/** GETs a URL and fails loudly on anything but 200, so a broken route never looks fast. */
export function getOk(url: string, token?: string): Promise<unknown> {
  const headers = token ? { authorization: `Bearer ${token}` } : {};
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('error', reject);
        res.on('end', () => {
          if (res.statusCode !== 200) {
            reject(new Error(`GET ${url} answered ${res.statusCode}: ${body.slice(0, 300)}`));
            return;
          }
          try {
            resolve(JSON.parse(body));
          } catch (error) {
            reject(error);
          }
        });
      })
      .setTimeout(REQUEST_TIMEOUT_MS, function (this: http.ClientRequest) {
        this.destroy(new Error(`GET ${url} did not answer within ${REQUEST_TIMEOUT_MS / 1000} s`));
      })
      .on('error', reject);
  });
}

/** Closes the client's kept-alive connection. */
export function closeClient(): void {
  agent.destroy();
}

/** Misspells a word the way people do: swaps two neighbouring letters in the middle. */
export function misspell(word: string): string {
  if (word.length < 4) return `${word}${word.at(-1)}`;
  const i = Math.floor(word.length / 2) - 1;
  return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
}

/**
 * Misspells a name by ear: every doubled letter written once ("Hoffmann" as "Hofman"), or, with none,
 * its second letter doubled ("John" as "Joohn"), or a short name's last letter dropped.
 */
export function misspellByEar(word: string): string {
  const squeezed = word.replace(/(.)\1+/g, '$1');
  if (squeezed !== word) return squeezed;
  if (word.length <= 4) return word.length > 2 ? word.slice(0, -1) : word;
  return word.slice(0, 2) + word.slice(1);
}
