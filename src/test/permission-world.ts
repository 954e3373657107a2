import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/client.ts';
import { buildSubscription } from '../domains/calendar/factories.ts';
import { buildContact } from '../domains/contacts/factories.ts';
import { importBytes } from '../domains/imports/test-helpers.ts';
import { buildMailbox } from '../domains/mailboxes/factories.ts';
import { buildSuggestion } from '../domains/suggestions/factories.ts';
import { buildUser, type TestUser } from '../domains/workspaces/factories.ts';
import type { Role } from '../domains/workspaces/schema.ts';
import { addDays, todayUtc } from '../shared/dates.ts';
import { hasDovecot, startDovecot } from './dovecot.ts';
import { type Api, apiAs } from './http.ts';

/** Whose thing a request acts on: the caller's own, someone else's (a member's), or an owner's. */
export type Whose = 'own' | 'other' | 'owner';
/** A request to make as one role; `after` sees its status (to keep a changed password in step). */
export type Req = {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  body?: unknown;
  /** Only for a public route that needs one (the local CLI's secret); sent without a credential. */
  headers?: Record<string, string>;
  after?: (status: number) => void;
  /** Sent as a multipart upload of a small CSV instead of a JSON body. */
  upload?: true;
  /** Sent as this text/calendar body instead of a JSON body. */
  calendar?: string;
  /** Why this request cannot succeed here (no mail server to log in to): then only "not refused" is checked. */
  unavailable?: string;
};
export type MakeRequest = (caller: TestUser, whose: Whose) => Promise<Req>;

/** The workspace the permission table is checked in: its owner, and a member whose things are "other". */
export type World = {
  app: FastifyInstance;
  db: Db;
  owner: TestUser;
  colleague: TestUser;
  tierId: string;
  companyId: string;
  /** A login to a real IMAP server (a test Dovecot), when this machine has one. */
  imap: { host: string; port: number; tls: 'none'; username: string; password: string } | null;
  close: () => Promise<void>;
};

/** The smallest calendar: it imports nothing. */
export const EMPTY_CALENDAR =
  'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Kith//Tests//EN\r\nEND:VCALENDAR\r\n';

export const unique = () => randomBytes(4).toString('hex');

/** The workspace for the permission test, with a tier, a company and a member who owns things. */
export async function buildWorld(app: FastifyInstance, db: Db): Promise<World> {
  const owner = await buildUser(db, { workspace: 'Permissions' });
  const colleague = await buildUser(db, { workspace: 'Permissions', role: 'member' });
  const api = apiAs(app, owner.token);
  const tier = (await api.post('/api/tiers', { name: 'Key', priority: 1, intervalDays: 14 })).body;
  const company = (await api.post('/api/companies', { name: 'Permission Co' })).body;
  const login = { username: 'perm@kith.test', password: 'pw-perm-1' };
  const dovecot = hasDovecot ? await startDovecot({ users: { [login.username]: login.password } }) : null;
  return {
    app,
    db,
    owner,
    colleague,
    tierId: tier.id,
    companyId: company.id,
    imap: dovecot ? { host: dovecot.host, port: dovecot.port, tls: 'none', ...login } : null,
    close: async () => dovecot?.stop(),
  };
}

/** A user of the world's workspace with a role (their token writes, or reads only with scope read). */
export function buildMember(w: World, role: Role): Promise<TestUser> {
  return buildUser(w.db, { workspace: 'Permissions', role });
}

/** What the requests act on, built afresh per request as `whose` says, and small request helpers. */
export function permissionFixtures(w: World) {
  const ownerApi = apiAs(w.app, w.owner.token);
  const ok = async (pending: Promise<{ status: number; body: any }>) => {
    const res = await pending;
    if (res.status >= 300) throw new Error(`fixture failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  /** The user who owns or wrote the thing acted on. */
  const holder = (caller: TestUser, whose: Whose) => (whose === 'own' ? caller : w.colleague);
  const as = (user: TestUser): Api => apiAs(w.app, user.token);
  /** A finished import of one new contact, by the owner. */
  const finishedImport = async () =>
    (
      await importBytes({
        db: w.db,
        workspaceId: w.owner.workspaceId,
        actorId: w.owner.userId,
        bytes: `Name,Email\nIm Port,im-${unique()}@permissions.test\n`,
      })
    ).id;
  const contact = async (caller: TestUser, whose: Whose) =>
    (await buildContact(w.db, w.owner.workspaceId, { ownerId: holder(caller, whose).userId })).id;
  const interaction = async (caller: TestUser, whose: Whose) => {
    const c = await contact(caller, whose);
    const body = { contactIds: [c], kind: 'call', summary: 'Catch-up' };
    return (await ok(as(holder(caller, whose)).post('/api/interactions', body))).interaction.id as string;
  };
  const step = async (caller: TestUser, whose: Whose) => {
    const body = { contactId: await contact(caller, whose), action: 'Call', dueAt: addDays(todayUtc(), 3) };
    return (await ok(as(holder(caller, whose)).post('/api/next-steps', body))).id as string;
  };
  const subscription = async (caller: TestUser) =>
    (await buildSubscription(w.db, caller.workspaceId, caller.userId)).id;
  const mailbox = async (caller: TestUser) =>
    (await buildMailbox(w.db, caller.workspaceId, caller.userId)).id;
  const sendingMailbox = async (caller: TestUser) =>
    (await buildMailbox(w.db, caller.workspaceId, caller.userId, 'me@kith.test', { smtp: true })).id;
  const suggestion = async (caller: TestUser) =>
    (await buildSuggestion(w.db, caller.workspaceId, caller.userId)).id;
  const fact = async (caller: TestUser, whose: Whose) => {
    const c = await contact(caller, whose);
    return (await ok(as(holder(caller, whose)).post(`/api/contacts/${c}/facts`, { text: 'Rows' })))
      .id as string;
  };
  /** Someone to change: a new member, or a new owner. */
  const target = async (whose: Whose) =>
    (await buildMember(w, whose === 'owner' ? 'owner' : 'member')).userId;
  const inviteToken = async () => {
    const url = (await ok(ownerApi.post('/api/invites', { email: `${unique()}@perm.test`, role: 'member' })))
      .url;
    return new URL(url).hash.replace('#token=', '');
  };
  const get = (url: string) => async (): Promise<Req> => ({ method: 'GET', url });

  return {
    ownerApi,
    ok,
    holder,
    as,
    finishedImport,
    contact,
    interaction,
    step,
    subscription,
    mailbox,
    sendingMailbox,
    suggestion,
    fact,
    target,
    inviteToken,
    get,
  };
}
export type Fixtures = ReturnType<typeof permissionFixtures>;
