import { chownSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dovecot } from './dovecot.ts';

// Puts messages straight into a user's Maildir on the test Dovecot, for tests and benchmarks that need
// thousands of them: writing files is far quicker than an IMAP APPEND each. Dovecot gives them UIDs, in the
// order of their file names, when the folder is next opened; their INTERNALDATE is the file's time.

/** One message to put in a folder: its raw text (CRLF lines) and its INTERNALDATE. */
export type StoredMessage = { raw: string; receivedAt: Date };

let written = 0;

/** The system user Dovecot's mail processes run as (dovecot.ts: mail_uid = mail), from /etc/passwd. */
function mailOwner(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('mail:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) throw new Error('no mail user in /etc/passwd');
  return { uid: Number(uid), gid: Number(gid) };
}

/** A folder's directory in Maildir++: INBOX is the root, another folder `.Name` (`.A.B` for A/B). */
function folderDir(dovecot: Dovecot, login: string, folder: string): string {
  const root = join(dovecot.mailDir, login);
  return folder === 'INBOX' ? root : join(root, `.${folder.replaceAll('/', '.')}`);
}

/**
 * Writes messages into a folder of a user's Maildir (created when missing), owned by the mail user so
 * Dovecot can index them. Call it before the folder is opened by any client, or between sessions: a
 * session that has the folder open may not see the new files until it opens it again.
 */
export function writeMaildir(options: {
  dovecot: Dovecot;
  login: string;
  folder: string;
  messages: StoredMessage[];
}): void {
  const { uid, gid } = mailOwner();
  const root = join(options.dovecot.mailDir, options.login);
  const dir = folderDir(options.dovecot, options.login, options.folder);
  for (const d of [root, dir, ...['cur', 'new', 'tmp'].map((s) => join(dir, s))]) {
    mkdirSync(d, { recursive: true });
    chownSync(d, uid, gid);
  }
  if (dir !== root) {
    writeFileSync(join(dir, 'maildirfolder'), '');
    chownSync(join(dir, 'maildirfolder'), uid, gid);
  }
  // Names sort in the order written (Dovecot numbers new files by name); `:2,S` marks them read.
  const stamp = Math.floor(Date.now() / 1000);
  for (const m of options.messages) {
    const file = join(dir, 'cur', `${stamp}.M${String(written++).padStart(8, '0')}P${process.pid}.kith:2,S`);
    writeFileSync(file, m.raw, { mode: 0o644 });
    chownSync(file, uid, gid);
    utimesSync(file, m.receivedAt, m.receivedAt);
  }
}
