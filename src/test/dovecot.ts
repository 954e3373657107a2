import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A real Dovecot IMAP server on loopback for the mail tests, with its own configuration, users and
// mail in a temporary directory. Debian's dovecot-imapd provides it (.ci/run installs it). Dovecot
// refuses uid 0 for mail, so the mail is owned by the system `mail` user.

const DOVECOT = process.env.DOVECOT_PATH ?? '/usr/sbin/dovecot';

/** Whether the tests can run a Dovecot here. */
export const hasDovecot = existsSync(DOVECOT) && process.getuid?.() === 0;

export type Dovecot = {
  host: string;
  port: number;
  /** Where the users' Maildirs are (`<mailDir>/<login>`), for tests that write mail straight into them. */
  mailDir: string;
  stop: () => Promise<void>;
};

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`dovecot exited (${child.exitCode}): ${log()}`);
    const isOpen = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
      socket.connect(port, '127.0.0.1');
    });
    if (isOpen) return;
    if (Date.now() - started > 20_000) throw new Error(`dovecot did not listen on ${port}: ${log()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts a Dovecot serving IMAP without TLS on a free loopback port, for these users. */
export async function startDovecot(options: { users: Record<string, string> }): Promise<Dovecot> {
  const dir = mkdtempSync(join(tmpdir(), 'kith-dovecot-'));
  // Dovecot's auth process (user dovecot) reads the users file, and its mail processes (user mail) the mail.
  chmodSync(dir, 0o755);
  const mail = join(dir, 'mail');
  mkdirSync(mail, { recursive: true });
  chmodSync(mail, 0o777);
  const users = join(dir, 'users');
  // Its mail users, login → password; each one's mailbox is created on first login. Fixed before start:
  // Dovecot's auth process does not reliably see a passwd-file changed while it runs.
  const lines = Object.entries(options.users).map(([login, password]) => `${login}:{PLAIN}${password}::::::`);
  writeFileSync(users, `${lines.join('\n')}\n`, { mode: 0o644 });
  const port = await freePort();
  const config = join(dir, 'dovecot.conf');
  writeFileSync(
    config,
    [
      `base_dir = ${join(dir, 'run')}`,
      `state_dir = ${join(dir, 'state')}`,
      `log_path = ${join(dir, 'dovecot.log')}`,
      `instance_name = kith-test-${port}`,
      'protocols = imap',
      'listen = 127.0.0.1',
      'ssl = no',
      'disable_plaintext_auth = no',
      'auth_mechanisms = plain login',
      'mail_uid = mail',
      'mail_gid = mail',
      'first_valid_uid = 1',
      `mail_location = maildir:${mail}/%u`,
      'mail_fsync = never',
      'namespace inbox {',
      '  inbox = yes',
      '  separator = /',
      '  mailbox Sent {',
      '    special_use = \\Sent',
      '    auto = subscribe',
      '  }',
      '}',
      'passdb {',
      '  driver = passwd-file',
      `  args = scheme=PLAIN username_format=%u ${users}`,
      '}',
      'userdb {',
      '  driver = static',
      `  args = uid=mail gid=mail home=${mail}/%u`,
      '}',
      'service imap-login {',
      '  inet_listener imap {',
      `    port = ${port}`,
      '  }',
      '  inet_listener imaps {',
      '    port = 0',
      '  }',
      '}',
      'service stats {',
      '  unix_listener stats-writer {',
      '    mode = 0666',
      '  }',
      '}',
    ].join('\n'),
  );
  const child = spawn(DOVECOT, ['-F', '-c', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  await waitForPort(port, child, () => output);
  return {
    host: '127.0.0.1',
    port,
    mailDir: mail,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      if (!process.env.KEEP_DOVECOT) rmSync(dir, { recursive: true, force: true });
    },
  };
}
