import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { todayUtc } from '../../shared/dates.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { refreshDueState } from '../cadence/due-state.ts';
import { type Channel, tiers as tiersTable } from '../cadence/schema.ts';
import { refreshSearchVocabulary } from '../contacts/search-text.ts';
import { type Role, users, workspaces } from '../workspaces/schema.ts';
import { hashPassword } from '../workspaces/secrets.ts';
import { type Batches, createBatches, flushBatches } from './batches.ts';
import {
  buildContact,
  type Colleague,
  type Company,
  type ContactContext,
  type TierKey,
} from './build-contact.ts';
import { createRandom } from './random.ts';
import { companyName } from './vocabulary.ts';

/** A user to create; share is the part of the contacts they own (0 for a viewer). */
export type UserSpec = { email: string; name: string; role: Role; password: string; share: number };

export type GenerateProgress = { phase: 'contacts' | 'due-state' | 'done'; done: number; total: number };

export type GenerateCounts = {
  users: number;
  tiers: number;
  companies: number;
  contacts: number;
  emails: number;
  interactions: number;
  nextSteps: number;
  facts: number;
};

export type GenerateOptions = {
  db: Db;
  /** The same seed and now give the same workspace (names, dates, counts); only ids differ. */
  seed: number;
  contacts: number;
  /** The average; key contacts get more, long shots fewer, and the never-contacted none. */
  interactionsPerContact: number;
  /** A number of generated owners sharing the contacts evenly, or the exact users to create. */
  owners: number | UserSpec[];
  /** Every date is relative to this, so the data always has someone due today. Default: the real time. */
  now?: Date;
  workspaceName: string;
  /** Contacts written per round of inserts. */
  chunkSize?: number;
  /**
   * Skips the foreign-key triggers while writing, as pg_restore --disable-triggers does: the rows are
   * consistent by construction and the load runs about twice as fast. Needs a superuser; for benchmarks.
   */
  skipForeignKeyChecks?: boolean;
  onProgress?: (progress: GenerateProgress) => void;
};

const TIERS: Record<
  TierKey,
  { name: string; priority: number; intervalDays: number | null; channel: Channel }
> = {
  A: { name: 'A (key)', priority: 1, intervalDays: 14, channel: 'call' },
  B: { name: 'B (active)', priority: 2, intervalDays: 42, channel: 'any' },
  C: { name: 'C (nurture)', priority: 3, intervalDays: 90, channel: 'email' },
  D: { name: 'D (long shot)', priority: 4, intervalDays: null, channel: 'newsletter' },
};

/** Time-ordered ids: a random prefix per run, then a counter, so bulk inserts append to each index. */
function idFactory() {
  const prefix = randomBytes(4).toString('hex');
  const kinds = { user: 1, tier: 2, company: 3, contact: 4, interaction: 5, step: 6, fact: 7 } as const;
  const next: Record<string, number> = {};
  return (kind: keyof typeof kinds): string => {
    const seq = next[kind] ?? 0;
    next[kind] = seq + 1;
    const n = seq.toString(16).padStart(18, '0');
    return `${prefix}-000${kinds[kind]}-4${n.slice(0, 3)}-8${n.slice(3, 6)}-${n.slice(6)}`;
  };
}

function benchUsers(count: number): UserSpec[] {
  return Array.from({ length: Math.max(1, count) }, (_, i) => ({
    email: `owner${i + 1}@bench.kith.local`,
    name: `Owner ${i + 1}`,
    role: i === 0 ? 'owner' : 'member',
    password: `bench-owner-${i + 1}`,
    share: 1,
  }));
}

/**
 * Generates a whole workspace: users, tiers, companies, contacts with two years of history, then the
 * due state of every contact in one refresh. Feeds both the demo and the benchmark at any size.
 */
export async function generateWorkspace(options: GenerateOptions) {
  const { db } = options;
  const now = options.now ?? new Date();
  const rng = createRandom(options.seed);
  const newId = idFactory();
  const [workspace] = await db
    .insert(workspaces)
    .values({ name: options.workspaceName })
    .returning({ id: workspaces.id });
  if (!workspace) throw new Error('workspace insert returned nothing');
  const workspaceId = workspace.id;

  const specs = typeof options.owners === 'number' ? benchUsers(options.owners) : options.owners;
  const created = [];
  for (const spec of specs) {
    const id = newId('user');
    const passwordHash = await hashPassword(spec.password);
    await db
      .insert(users)
      .values({ workspaceId, id, email: spec.email, name: spec.name, passwordHash, role: spec.role });
    created.push({ id, email: spec.email, role: spec.role, password: spec.password, share: spec.share });
  }
  const owning = created.filter((u) => u.share > 0);
  const totalShare = owning.reduce((sum, u) => sum + u.share, 0);
  const pickOwner = () => {
    let roll = rng.next() * totalShare;
    for (const u of owning) {
      roll -= u.share;
      if (roll < 0) return u.id;
    }
    return owning[owning.length - 1]!.id;
  };

  const tiers = {} as ContactContext['tiers'];
  for (const [key, tier] of Object.entries(TIERS) as [TierKey, (typeof TIERS)[TierKey]][]) {
    const id = newId('tier');
    await db.insert(tiersTable).values({
      workspaceId,
      id,
      name: tier.name,
      priority: tier.priority,
      intervalDays: tier.intervalDays,
      channel: tier.channel,
      requireNextStep: key === 'A',
    });
    tiers[key] = { id, intervalDays: tier.intervalDays };
  }

  const counts = { contacts: 0, emails: 0, interactions: 0, nextSteps: 0, facts: 0 };
  const ctx: ContactContext = {
    rng,
    workspaceId,
    nowMs: now.getTime(),
    today: todayUtc(now),
    interactionsPerContact: options.interactionsPerContact,
    tiers,
    pickOwner,
    newId,
    usedEmails: new Set(),
    batches: createBatches(),
    counts,
  };

  // Colleagues sit next to each other: each company takes the next 1 to 8 contacts, and one in ten has none.
  let companies = 0;
  const usedCompanyNames = new Set<string>();
  let company: Company | null = null;
  let seatsLeft = 0;
  const nextCompany = (): Company => {
    const made = companyName(rng.pick, usedCompanyNames);
    const id = newId('company');
    const at = new Date(ctx.nowMs - rng.int(400, 800) * 86_400_000).toISOString();
    ctx.batches.companies.push(workspaceId, id, made.name, made.domain, made.industry, rng.int(1, 5), at, at);
    companies++;
    return { id, name: made.name, domain: made.domain };
  };

  const chunkSize = options.chunkSize ?? 2000;
  const writeChunk = async (full: Batches, done: number) => {
    await db.transaction(async (tx) => {
      // replica skips foreign-key checks, and triggers too (today_counts among them). That is safe because
      // contacts arrive without their due state and refreshDueState sets it later, with triggers on.
      if (options.skipForeignKeyChecks) await tx.execute(sql`set local session_replication_role = replica`);
      await flushBatches(tx, full);
    });
    options.onProgress?.({ phase: 'contacts', done, total: options.contacts });
  };
  let writing: Promise<void> = Promise.resolve();
  let prev: Colleague | null = null;
  for (let i = 0; i < options.contacts; i++) {
    if (seatsLeft === 0) {
      company = rng.chance(0.1) ? null : nextCompany();
      seatsLeft = company ? rng.int(1, 8) : 1;
    }
    seatsLeft--;
    prev = buildContact(ctx, company, prev);
    if ((i + 1) % chunkSize === 0 || i + 1 === options.contacts) {
      // Write this chunk while the next one is generated: on PostgreSQL the two run on separate cores.
      const full = ctx.batches;
      ctx.batches = createBatches();
      await writing;
      writing = writeChunk(full, i + 1);
    }
  }
  await writing;

  options.onProgress?.({ phase: 'due-state', done: 0, total: options.contacts });
  await refreshDueState({ db, workspaceId, scope: { all: true } });
  await refreshSearchVocabulary({ db, workspaceId });
  const result: GenerateCounts = { users: created.length, tiers: 4, companies, ...counts };
  await recordAudit({
    db,
    workspaceId,
    actorId: null,
    action: 'create',
    entity: 'workspace',
    entityId: workspaceId,
    changes: { generated: { seed: options.seed, ...result } },
  });
  options.onProgress?.({ phase: 'done', done: options.contacts, total: options.contacts });
  return { workspaceId, users: created.map(({ share: _, ...u }) => u), counts: result };
}
