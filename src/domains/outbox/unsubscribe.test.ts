import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../db/transaction.ts';
import { apiAs, openTestApp, type TestApp } from '../../test/http.ts';
import { type SmtpSink, startSmtpSink } from '../../test/smtp-sink.ts';
import { buildContact } from '../contacts/factories.ts';
import { sealKey } from '../mailboxes/settings.ts';
import { buildUser, type TestUser } from '../workspaces/factories.ts';
import { queueEmail } from './queue.ts';
import { suppressions } from './schema.ts';
import { sendQueued } from './send.ts';
import { unsubscribeToken } from './unsubscribe-token.ts';

let t: TestApp;
let sink: SmtpSink;
let owner: TestUser;
let mailboxId: string;

beforeAll(async () => {
  process.env.KITH_SECRET = 'unsubscribe test secret';
  process.env.KITH_PUBLIC_URL = 'https://crm.example.test';
  t = await openTestApp();
  sink = await startSmtpSink();
  owner = await buildUser(t.store.db, { workspace: 'Unsubscribe', email: 'seller@kith.test' });
  const box = await apiAs(t.app, owner.token).post('/api/mailboxes', {
    address: 'seller@kith.test',
    smtp: { host: sink.host, port: sink.port, tls: 'none' },
  });
  mailboxId = box.body.id;
});
afterAll(async () => {
  await sink.stop();
  await t.close();
  delete process.env.KITH_SECRET;
  delete process.env.KITH_PUBLIC_URL;
});

describe('one-click unsubscribe', () => {
  it("carries a link in a sequence's email; posting it suppresses the address for good", async () => {
    const ada = await buildContact(t.store.db, owner.workspaceId, {
      firstName: 'Ada',
      email: 'ada@lead.test',
    });
    const row = await inTransaction(t.store.db, (db) =>
      queueEmail({
        db,
        workspaceId: owner.workspaceId,
        actorId: owner.userId,
        contactId: ada.id,
        mailboxId,
        source: 'sequence',
        content: { subject: 'Hi', body: 'Hello {{contact.firstName}}' },
      }),
    );
    await sendQueued({ db: t.store.db, workspaceId: owner.workspaceId, outboxId: row.id, key: sealKey() });
    const [received] = sink.received.filter((m) => m.to.includes('ada@lead.test'));
    const token = unsubscribeToken(sealKey(), owner.workspaceId, row.id);
    // Long headers are folded onto a second line: unfold them to read them.
    const headers = received?.raw.replace(/\r\n[ \t]+/g, ' ');
    expect(headers).toContain(`List-Unsubscribe: <https://crm.example.test/api/unsubscribe/${token}>`);
    expect(headers).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');

    // A mail program's one-click POST, with no credential.
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/unsubscribe/${token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ unsubscribed: 'ada@lead.test' });
    const [suppressed] = await t.store.db
      .select()
      .from(suppressions)
      .where(and(eq(suppressions.workspaceId, owner.workspaceId), eq(suppressions.email, 'ada@lead.test')));
    expect(suppressed?.reason).toBe('unsubscribe');
    const again = await apiAs(t.app, owner.token).post('/api/emails', {
      contactId: ada.id,
      mailboxId,
      subject: 'Hi',
      body: 'Hello',
    });
    expect(again.status).toBe(422);
    expect(again.body.error.fields[0].message).toBe('cannot be written to: ada@lead.test unsubscribed');

    const forged = `${owner.workspaceId}.${row.id}.AAAAAAAAAAAAAAAAAAAAAA`;
    expect((await t.app.inject({ method: 'POST', url: `/api/unsubscribe/${forged}` })).statusCode).toBe(404);
  });
});
