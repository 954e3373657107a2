/**
 * Prints the gzipped size of the JavaScript a browser loads before the first screen (the entry chunk and
 * the chunks it imports statically, read from Vite's manifest), and fails when it passes the budget.
 * Lazy route chunks are listed too, but only the initial load counts against the budget.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 250;
const DIST = fileURLToPath(new URL('../dist/web/', import.meta.url));

type Chunk = {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
};
const manifest = JSON.parse(readFileSync(`${DIST}.vite/manifest.json`, 'utf8')) as Record<string, Chunk>;

const gzipKb = (file: string) => gzipSync(readFileSync(`${DIST}${file}`), { level: 9 }).length / 1024;

/** The entry and every chunk reachable from it through static imports. */
function initialChunks(): Set<string> {
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const next of manifest[key]?.imports ?? []) visit(next);
  };
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);
  return seen;
}

const initial = initialChunks();
let initialKb = 0;
let cssKb = 0;
const rows: string[] = [];
for (const [key, chunk] of Object.entries(manifest)) {
  if (!chunk.file.endsWith('.js')) continue;
  const kb = gzipKb(chunk.file);
  const isInitial = initial.has(key);
  if (isInitial) {
    initialKb += kb;
    for (const css of chunk.css ?? []) cssKb += gzipKb(css);
  }
  rows.push(`  ${isInitial ? 'initial' : 'lazy   '}  ${kb.toFixed(1).padStart(7)} KB  ${chunk.file}`);
}
console.log('Web app JavaScript, gzipped:');
console.log(rows.sort().join('\n'));
console.log(
  `Initial JavaScript: ${initialKb.toFixed(1)} KB gzipped (budget ${BUDGET_KB} KB); initial CSS ${cssKb.toFixed(1)} KB.`,
);
if (initialKb > BUDGET_KB) {
  console.error(
    `Over budget by ${(initialKb - BUDGET_KB).toFixed(1)} KB: split a route or drop a dependency.`,
  );
  process.exit(1);
}
