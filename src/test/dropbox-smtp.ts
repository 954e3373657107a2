import { sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { queryRows } from '../db/client.ts';
import { dropboxAddress, getDropbox } from '../domains/dropbox/dropbox.ts';
import { startDropboxReceiver } from '../domains/dropbox/receiver.ts';
import { buildUser, type TestUser } from '../domains/workspaces/factories.ts';
import { openTestStore, type TestStore } from './test-store.ts';

/** The inbound domain of the tests' receiver. */
export const DOMAIN = 'in.kith.test';

export type SendResult =
  | { ok: true; response: string }
  | { ok: false; code: number | undefined; command: string | undefined; response: string };

export type Logged = {
  id: string;
  direction: string;
  source: string;
  summary: string;
  touch_class: string;
  /** occurred_at in UTC, to the second: YYYY-MM-DDTHH:MM:SS. */
  at: string;
  body: string | null;
};

export type LinkedContact = {
  email: string;
  source: string;
  first_name: string;
  last_name: string;
  owner_id: string;
};

/** A plain-text message with these headers, as an MTA would deliver it. */
export const mail = (headers: Record<string, string>, body: string) =>
  [
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ].join('\r\n');

/**
 * A test store with the real receiver listening on loopback, a nodemailer client to send it raw mail, and
 * queries for what it logged; for the dropbox tests.
 */
export async function openDropboxHarness() {
  const store: TestStore = await openTestStore();
  const quiet = { info: () => {}, warn: () => {} };
  const receiver = await startDropboxReceiver({
    db: store.db,
    port: 0,
    host: '127.0.0.1',
    domain: DOMAIN,
    log: quiet,
  });

  /** Sends raw mail over SMTP; resolves with the 250 reply or the refusal, and which command drew it. */
  async function send(options: { from: string; to: string; raw: string }): Promise<SendResult> {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: receiver.port,
      secure: false,
      ignoreTLS: true,
    });
    try {
      const envelope = { from: options.from, to: [options.to] };
      const info = await transport.sendMail({ envelope, raw: options.raw });
      return { ok: true, response: info.response };
    } catch (error) {
      const e = error as { responseCode?: number; command?: string; response?: string };
      return { ok: false, code: e.responseCode, command: e.command, response: e.response ?? '' };
    } finally {
      transport.close();
    }
  }

  async function userWithDropbox(workspace: string) {
    const user = await buildUser(store.db, { workspace });
    const box = await getDropbox({ db: store.db, workspaceId: user.workspaceId, userId: user.userId });
    return { user, address: dropboxAddress(box.token, DOMAIN) };
  }

  const interactionsOf = (user: TestUser, messageId: string) =>
    queryRows<Logged>(
      store.db,
      sql`select id, direction, source, summary, body, touch_class,
                 to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') as at
            from interactions
           where workspace_id = ${user.workspaceId}::uuid and message_id = ${messageId}`,
    );

  const contactsOf = (user: TestUser, interactionId: string) =>
    queryRows<LinkedContact>(
      store.db,
      sql`select lower(e.email) as email, c.source, c.first_name, c.last_name, c.owner_id
            from interaction_contacts ic
            join contacts c on c.workspace_id = ic.workspace_id and c.id = ic.contact_id
            join contact_emails e on e.workspace_id = c.workspace_id and e.contact_id = c.id
           where ic.workspace_id = ${user.workspaceId}::uuid and ic.interaction_id = ${interactionId}::uuid
           order by 1`,
    );

  const countInteractions = async (user: TestUser) =>
    (
      await queryRows<{ n: number }>(
        store.db,
        sql`select count(*)::int as n from interactions where workspace_id = ${user.workspaceId}::uuid`,
      )
    )[0]?.n;

  return {
    store,
    send,
    userWithDropbox,
    interactionsOf,
    contactsOf,
    countInteractions,
    close: async () => {
      await receiver.close();
      await store.close();
    },
  };
}

export type DropboxHarness = Awaited<ReturnType<typeof openDropboxHarness>>;
