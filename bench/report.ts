import type { ImportResult } from './import.ts';
import type { MailSyncResult } from './mail-sync.ts';
import type { Timing } from './measure.ts';
import type { SequencesResult } from './sequences.ts';
import { sequencesLines } from './sequences-report.ts';
import type { TouchesResult } from './touches.ts';

type Ratio = { p50: number; p99: number };
type Pair = { api: Timing; raw: Timing; ratio: Ratio };
type Target = { target: string; pass: boolean };

export type BenchResult = {
  date: string;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGb: number;
    loadAverage: { before: number; after: number };
    node: string;
    postgres: string;
  };
  store: 'pglite' | 'postgres';
  /** Where the API ran: its own process on PostgreSQL, the benchmark's on PGlite. */
  server: string;
  contacts: number;
  counts: Record<string, number>;
  owners: number;
  ownerContacts: number;
  ownerDue: number;
  asOf: string;
  requests: number;
  generatedSeconds: number | null;
  httpFloor: Timing;
  today: Pair;
  search: { api: Timing; raw: Timing; ratio: Ratio; queries: string[]; hits: number[] };
  /** Whether the benchmark collected its own garbage between timed calls (see MeasureOptions). */
  collectedBetween: boolean;
  targets: {
    appliesToThisRun: boolean;
    todayRatio: Target;
    todayP99: Target;
    searchP99: Target;
    touchesRatio: Target;
    /** The import's target: a share of COPY on PostgreSQL, rows per second on PGlite; null when skipped. */
    importRate: Target | null;
    /** The mailbox sync's messages per minute, and its throughput over a bare IMAP fetch's; null when skipped. */
    mailSyncRate: Target | null;
    mailSyncRatio: Target | null;
  };
  touches: TouchesResult;
  imported: ImportResult | null;
  mailSync: MailSyncResult | null;
  /** Asked for, but this machine has no Dovecot (or the benchmark does not run as root). */
  mailSyncSkipped: boolean;
  /** The outbox's throughput and the sequence tick (bench/sequences.ts); null when both were skipped. */
  sequences: SequencesResult | null;
};

const ms = (x: number) => x.toFixed(2);

function rows(r: BenchResult): string[][] {
  return [
    ['GET /healthz (HTTP floor)', ms(r.httpFloor.p50), ms(r.httpFloor.p99), '', '', '', ''],
    [
      'Today (owner=me, limit 50)',
      ms(r.today.api.p50),
      ms(r.today.api.p99),
      ms(r.today.raw.p50),
      ms(r.today.raw.p99),
      `${r.today.ratio.p50}×`,
      `${r.today.ratio.p99}×`,
    ],
    [
      'Fuzzy search (misspelt name)',
      ms(r.search.api.p50),
      ms(r.search.api.p99),
      ms(r.search.raw.p50),
      ms(r.search.raw.p99),
      `${r.search.ratio.p50}×`,
      `${r.search.ratio.p99}×`,
    ],
  ];
}

const HEAD = ['', 'API p50 ms', 'API p99 ms', 'raw p50 ms', 'raw p99 ms', 'ratio p50', 'ratio p99'];

function summary(r: BenchResult): string {
  const c = r.counts;
  return (
    `${r.store}, ${r.contacts.toLocaleString('en')} contacts, ${(c.interactions ?? 0).toLocaleString('en')} interactions, ` +
    `${r.owners} owners (the measured owner has ${r.ownerContacts.toLocaleString('en')} contacts, ` +
    `${r.ownerDue.toLocaleString('en')} on Today for ${r.asOf}); ${r.requests} sequential requests after a warm-up`
  );
}

/** The console table. */
export function renderTable(r: BenchResult): string {
  const all = [HEAD, ...rows(r)];
  const widths = HEAD.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) => row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ');
  return [
    summary(r),
    '',
    ...all.map(line),
    '',
    harnessGcLine(r),
    '',
    ...targetLines(r),
    '',
    ...sequencesLines(r.sequences),
  ].join('\n');
}

/** Says how much of the benchmark process's own garbage collection fell inside the timed calls. */
function harnessGcLine(r: BenchResult): string {
  const gc = (t: Timing) => `${t.harnessGc.calls} (${ms(t.harnessGc.ms)} ms)`;
  const how = r.collectedBetween
    ? 'collected between timed calls'
    : 'not collected between calls: the API runs in this process, so its collections count';
  return (
    `Benchmark-process GC pauses inside timed calls (${how}): HTTP floor ${gc(r.httpFloor)}; ` +
    `Today API ${gc(r.today.api)}, raw ${gc(r.today.raw)}; search API ${gc(r.search.api)}, raw ${gc(r.search.raw)}`
  );
}

function targetLines(r: BenchResult): string[] {
  const t = r.targets;
  const mark = (x: Target) => (x.pass ? 'pass' : 'FAIL');
  const scope = t.appliesToThisRun
    ? ''
    : ' (the targets are set for PostgreSQL at 1M contacts; shown for reference)';
  return [
    `Targets${scope}:`,
    `- Today API within 1.6× of raw SQL at p50: ${r.today.ratio.p50}× → ${mark(t.todayRatio)}`,
    `- Today API p99 ≤ 20 ms: ${ms(r.today.api.p99)} ms → ${mark(t.todayP99)}`,
    `- Search API p99 ≤ 30 ms: ${ms(r.search.api.p99)} ms → ${mark(t.searchP99)}`,
    `- Recording ${r.touches.batch.toLocaleString('en')} touches ≤ 3× plain multi-row INSERTs: ` +
      `${ms(r.touches.median.record)} ms against ${ms(r.touches.median.insert)} ms, median of ` +
      `${r.touches.rounds} rounds, ${r.touches.median.ratio}× → ${mark(t.touchesRatio)}`,
    ...importLines(r),
    ...mailSyncLines(r),
  ];
}

function importLines(r: BenchResult): string[] {
  const i = r.imported;
  const t = r.targets.importRate;
  if (!i || !t) return [];
  const against =
    i.ratioToCopy === null ? '' : `, COPY of the same rows ${i.copySeconds} s, ${i.ratioToCopy}× its rate`;
  return [
    `- CSV import of ${i.rows.toLocaleString('en')} contacts ${t.target}: ${i.importSeconds} s, ` +
      `${i.rowsPerSecond.toLocaleString('en')} rows/s${against}; memory grew ${i.rssGrowthMb} MB ` +
      `(peak RSS ${i.peakRssMb} MB) → ${t.pass ? 'pass' : 'FAIL'}`,
  ];
}

function mailSyncLines(r: BenchResult): string[] {
  if (r.mailSyncSkipped) return ['- Mailbox sync: skipped, no Dovecot here (or not run as root)'];
  const m = r.mailSync;
  const { mailSyncRate: rate, mailSyncRatio: ratio } = r.targets;
  if (!m || !rate || !ratio) return [];
  const mark = (x: Target) => (x.pass ? 'pass' : 'FAIL');
  return [
    `- Mailbox sync of ${m.messages.toLocaleString('en')} messages (${m.megabytes} MB, ${m.counts.logged.toLocaleString('en')} ` +
      `logged) ${rate.target}: ${m.syncSeconds} s, ${m.syncPerMinute.toLocaleString('en')} messages/min → ${mark(rate)}`,
    `- Mailbox sync ${ratio.target} of the same messages: fetch ${m.fetchSeconds} s ` +
      `(${m.fetchPerMinute.toLocaleString('en')} messages/min), ${m.ratioToFetch}× → ${mark(ratio)}`,
  ];
}

/** The Markdown report written to bench/results/<store>-<N>.md. */
export function renderMarkdown(r: BenchResult): string {
  const table = [HEAD, HEAD.map(() => '---'), ...rows(r)].map((row) => `| ${row.join(' | ')} |`);
  const m = r.machine;
  return [
    `# Benchmark: ${r.store}, ${r.contacts.toLocaleString('en')} contacts`,
    '',
    `- Date: ${r.date}`,
    `- Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB RAM, Node ${m.node}, ${m.postgres}; load average ${m.loadAverage.before} → ${m.loadAverage.after} during the run`,
    `- Data: ${summary(r)}`,
    `- Generated: ${Object.entries(r.counts)
      .map(([k, v]) => `${v.toLocaleString('en')} ${k}`)
      .join(', ')}${r.generatedSeconds === null ? ' (reused)' : ` in ${Math.round(r.generatedSeconds)} s`}`,
    `- Search queries: ${r.search.queries.map((q, i) => `"${q}" (${r.search.hits[i]} hits)`).join(', ')}`,
    `- The API ran in ${r.server}.`,
    '- "raw" is the same SQL (todayQuery / contactSearchQuery) run on the driver directly; the API adds HTTP,',
    "  token auth, validation, the search page's contact details and JSON serialisation. API and raw requests",
    '  take turns (api, raw, api, raw ...), so drift during the run weighs on both alike. The API client is',
    '  node:http over one kept-alive connection. On PostgreSQL, raw runs on one pg connection whose allocator is',
    "  warmed as the server's connections are (WARM_BACKEND_ALLOCATOR_SQL).",
    '',
    ...table,
    '',
    harnessGcLine(r),
    '',
    ...targetLines(r),
    '',
    ...sequencesLines(r.sequences),
    '',
  ].join('\n');
}
