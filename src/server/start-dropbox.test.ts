import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../shared/config.ts';
import { startServer } from './start.ts';

// `kith serve` with KITH_INBOUND_SMTP_PORT: the receiver starts with the server, reads the same store, and
// stops with it. The receiver's rules are tested in domains/dropbox; this is the wiring. The embedded store
// only: the PostgreSQL run would repeat it.
const dir = mkdtempSync(join(tmpdir(), 'kith-dropbox-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rcpt(port: number, to: string) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    await transport.sendMail({ envelope: { from: 'a@b.test', to: [to] }, raw: 'Subject: x\r\n\r\nx\r\n' });
    return { code: 250 };
  } catch (error) {
    const e = error as { responseCode?: number; command?: string; code?: string };
    return { code: e.responseCode, command: e.command, error: e.code };
  } finally {
    transport.close();
  }
}

describe.runIf(!process.env.TEST_DATABASE_URL)('kith serve with the dropbox', { timeout: 120_000 }, () => {
  it('receives SMTP on KITH_INBOUND_SMTP_PORT while it runs, and closes it on stop', async () => {
    const config = loadConfig({
      KITH_DATA_DIR: join(dir, 'data'),
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'silent',
      KITH_INBOUND_SMTP_PORT: '0',
      KITH_INBOUND_DOMAIN: 'in.serve.test',
    });
    const lines: string[] = [];
    const started = await startServer({ config, seedDemo: false, worker: false, say: (l) => lines.push(l) });
    if (!started.ok) throw new Error(started.message);
    const said = lines.find((l) => l.startsWith('Dropbox:')) ?? '';
    expect(said).toMatch(/^Dropbox: receiving mail for @in\.serve\.test on SMTP port \d+$/);
    const port = Number(said.split(' ').at(-1));
    try {
      expect(await rcpt(port, 'nobody@in.serve.test')).toMatchObject({ code: 550, command: 'RCPT TO' });
    } finally {
      await started.running.close();
    }
    expect(await rcpt(port, 'nobody@in.serve.test')).toMatchObject({ error: 'ESOCKET' });
  });
});
