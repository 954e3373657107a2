import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The outbox rule (db/transaction.ts): a transaction only writes to the database; mail, webhooks and fetches
// happen in jobs, after the transaction that asked for them commits. This test enforces what it can: code
// that reaches out of the process (a network module, fetch) lives only in a job file (`*-job.ts`), or in a
// file listed below with the reason it may, and never in a route or a domain function a route calls inside
// its transaction.

const SRC = fileURLToPath(new URL('..', import.meta.url));
const OUTSIDE = [
  /^import (?!type )[^;]*from 'node:(http|https|tls|dgram)'/m,
  /\b(createConnection|connect|Socket)\b[^;]*from 'node:net'/,
  /from '(nodemailer|imapflow|smtp-server|undici|axios|node-fetch)'/,
  /\bfetch\(/,
];
/** Files that may reach out, and why. */
const ALLOWED: Record<string, string> = {
  'server/start.ts': 'listens for HTTP; it is the server',
  'server/local-cli.ts': 'the loopback route through which the CLI runs while a server holds the store',
  'domains/mailboxes/smtp.ts':
    "sends the outbox's mail from its job, after the transaction that queued it commits, and checks settings",
  'domains/mailboxes/imap.ts':
    'reads mail over IMAP for the sync job, between its transactions; it never sends',
  'domains/dropbox/receiver.ts':
    'receives the dropbox mail over SMTP; it only answers its peer, and logs after the DATA ends, never sends',
};
const IGNORED = /(\.test\.ts|\.e2e\.ts|\/web\/|\/test\/|test-child-worker\.ts|\/cli\/)/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('the outbox rule', () => {
  it('keeps code that reaches out of the process in job files only', () => {
    const offenders = sourceFiles(SRC)
      .map((path) => relative(SRC, path))
      .filter((path) => !IGNORED.test(`/${path}`) && !path.endsWith('-job.ts') && !(path in ALLOWED))
      .filter((path) => OUTSIDE.some((pattern) => pattern.test(readFileSync(join(SRC, path), 'utf8'))));
    expect(offenders).toEqual([]);
  });
});
