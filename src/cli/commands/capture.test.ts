import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendar, icsTime, vevent } from '../../domains/calendar/fixtures.ts';
import { buildContact } from '../../domains/contacts/factories.ts';
import { buildImapMailbox } from '../../domains/mailboxes/factories.ts';
import { resolveSealKey } from '../../domains/mailboxes/secret.ts';
import { buildUser, type TestUser } from '../../domains/workspaces/factories.ts';
import { type Dovecot, hasDovecot, startDovecot } from '../../test/dovecot.ts';
import { daysAgo, deliver } from '../../test/mail.ts';
import { openTestStore, type TestStore } from '../../test/test-store.ts';
import { bufferOut, EXIT } from '../command.ts';
import { calendarCommand, syncCommand } from './capture.ts';

const SECRET = 'cli capture test secret';
const LOGIN = { user: 'cli@kith.test', pass: 'pw-cli-1' };
const dir = mkdtempSync(join(tmpdir(), 'kith-capture-cli-'));
let store: TestStore;
let owner: TestUser;
let dovecot: Dovecot | undefined;

beforeAll(async () => {
  process.env.KITH_SECRET = SECRET;
  store = await openTestStore();
  owner = await buildUser(store.db, { workspace: 'CLI capture', email: LOGIN.user });
  if (hasDovecot) dovecot = await startDovecot({ users: { [LOGIN.user]: LOGIN.pass } });
});
afterAll(async () => {
  delete process.env.KITH_SECRET;
  await dovecot?.stop();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('kith calendar', () => {
  it('imports an .ics file and says where each event went; again, nothing changes', async () => {
    await buildContact(store.db, owner.workspaceId, { firstName: 'Cal', email: 'cal@client.test' });
    const file = join(dir, 'meetings.ics');
    writeFileSync(
      file,
      calendar(
        vevent({ uid: 'cli-past@kith.test', start: icsTime(-2), emails: ['cal@client.test'] }),
        vevent({ uid: 'cli-next@kith.test', start: icsTime(3), emails: ['cal@client.test'] }),
      ),
    );
    const run = async () => {
      const { out, text } = bufferOut();
      const args = { file, user: LOGIN.user, workspace: 'CLI capture' };
      const code = await calendarCommand.run({ db: store.db, args, out, store: null });
      return { code, text: text() };
    };
    expect(await run()).toEqual({
      code: EXIT.ok,
      text: '2 events: 1 logged, 1 next steps, 0 already there, 0 skipped.\n',
    });
    expect((await run()).text).toBe('2 events: 0 logged, 0 next steps, 2 already there, 0 skipped.\n');
  });

  it('says plainly when the file cannot be read', async () => {
    const args = { file: join(dir, 'missing.ics'), workspace: 'CLI capture' };
    await expect(calendarCommand.run({ db: store.db, args, out: () => {}, store: null })).rejects.toThrow(
      /cannot read/,
    );
  });
});

describe.runIf(hasDovecot)('kith sync', () => {
  it("syncs the workspace's mailboxes now and prints each one's counts", async () => {
    await buildContact(store.db, owner.workspaceId, { firstName: 'Syd', email: 'syd@client.test' });
    await deliver(dovecot!, LOGIN, 'INBOX', [
      { from: 'syd@client.test', to: LOGIN.user, subject: 'Hi', id: 'cli1@client.test', date: daysAgo(1) },
    ]);
    const key = resolveSealKey({ secret: SECRET })!;
    await buildImapMailbox(store.db, { ...owner, server: dovecot!, login: LOGIN, key });
    const { out, text } = bufferOut();
    const args = { workspace: 'CLI capture' };
    expect(await syncCommand.run({ db: store.db, args, out, store: null })).toBe(EXIT.ok);
    expect(text()).toBe(`${LOGIN.user}: 1 read, 1 logged, 0 already there, 0 suggested, 0 skipped.\n`);
  });
});
