// Recording a batch of touches through the one touch path (recordTouches), against inserting the same rows
// with plain multi-row INSERTs, in turns in the same run. Called by run.ts; its figures go in the same report.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../src/db/client.ts';
import { inTransaction } from '../src/db/transaction.ts';
import { buildTier } from '../src/domains/cadence/factories.ts';
import { recordTouches, type TouchItem } from '../src/domains/interactions/record-touches.ts';
import { createUser } from '../src/domains/workspaces/create-user.ts';

type Raw = { query: (text: string, params?: unknown[]) => Promise<unknown> };

export type TouchesResult = {
  batch: number;
  contacts: number;
  rounds: number;
  /** Milliseconds per batch, each round. */
  recordMs: number[];
  insertMs: number[];
  median: { record: number; insert: number; ratio: number };
};

const ROWS_PER_INSERT = 1000;

/** Plain multi-row INSERTs of the rows: the interactions, then their links, in one transaction. */
async function insertPlain(raw: Raw, workspaceId: string, items: TouchItem[]): Promise<void> {
  const ids = items.map(() => randomUUID());
  await raw.query('begin');
  for (let start = 0; start < items.length; start += ROWS_PER_INSERT) {
    const chunk = items.slice(start, start + ROWS_PER_INSERT);
    const params: unknown[] = [];
    const tuples = chunk.map((item, i) => {
      const values = [
        workspaceId,
        ids[start + i],
        item.kind,
        item.direction,
        item.occurredAt.toISOString(),
        item.summary,
        item.source,
        item.externalId,
      ];
      params.push(...values);
      return `(${values.map((_, k) => `$${params.length - values.length + k + 1}`).join(', ')})`;
    });
    await raw.query(
      `insert into interactions (workspace_id, id, kind, direction, occurred_at, summary, source, external_id)
       values ${tuples.join(', ')}`,
      params,
    );
    const links: unknown[] = [];
    const linkTuples = chunk.map((item, i) => {
      links.push(workspaceId, ids[start + i], item.contactIds[0], item.occurredAt.toISOString(), true);
      const n = links.length;
      return `($${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n})`;
    });
    await raw.query(
      `insert into interaction_contacts (workspace_id, interaction_id, contact_id, occurred_at, is_touch)
       values ${linkTuples.join(', ')}`,
      links,
    );
  }
  await raw.query('commit');
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Times recording `batch` touches over `contacts` contacts of a fresh workspace, `rounds` times, each round
 * followed by the same rows as plain INSERTs (new ids and external ids each time, so neither side dedupes).
 */
export async function benchTouches(options: {
  db: Db;
  raw: Raw;
  batch?: number;
  contacts?: number;
  rounds?: number;
}): Promise<TouchesResult> {
  const { db, raw } = options;
  const batch = options.batch ?? 10_000;
  const contactCount = options.contacts ?? 2_000;
  const rounds = options.rounds ?? 5;
  const user = await createUser({
    db,
    input: {
      email: `touches-${randomUUID()}@bench.test`,
      password: 'bench-secret',
      role: 'owner',
      workspace: `Touches ${randomUUID()}`,
    },
  });
  const workspaceId = user.workspaceId;
  const tier = await buildTier(db, workspaceId, { intervalDays: 30 });
  const inserted = (await db.execute(
    sql`insert into contacts (workspace_id, first_name, last_name, tier_id, owner_id)
        select ${workspaceId}::uuid, 'Bench', 'Person ' || n, ${tier.id}::uuid, ${user.id}::uuid
        from generate_series(1, ${contactCount}) n returning id`,
  )) as unknown as { rows: { id: string }[] };
  const contactIds = inserted.rows.map((r) => r.id);
  const itemsFor = (round: number, side: string): TouchItem[] =>
    Array.from({ length: batch }, (_, i) => ({
      kind: 'email',
      direction: i % 2 ? 'in' : 'out',
      occurredAt: new Date(Date.now() - (i % 300) * 3_600_000),
      summary: `Message ${i}`,
      source: 'sync',
      externalId: `<${side}-${round}-${i}@bench.test>`,
      contactIds: [contactIds[i % contactIds.length]!],
    }));
  const recordMs: number[] = [];
  const insertMs: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const ours = itemsFor(round, 'record');
    let t0 = performance.now();
    await inTransaction(db, (tx) => recordTouches({ db: tx, workspaceId, actorId: user.id, items: ours }));
    recordMs.push(performance.now() - t0);
    const plain = itemsFor(round, 'plain');
    t0 = performance.now();
    await insertPlain(raw, workspaceId, plain);
    insertMs.push(performance.now() - t0);
  }
  // The workspace served only this measurement: it leaves the bench database as it found it.
  for (const table of ['interactions', 'contacts', 'tiers', 'audit_log', 'users']) {
    await db.execute(sql`delete from ${sql.identifier(table)} where workspace_id = ${workspaceId}::uuid`);
  }
  await db.execute(sql`delete from workspaces where id = ${workspaceId}::uuid`);
  const record = median(recordMs);
  const insert = median(insertMs);
  return {
    batch,
    contacts: contactCount,
    rounds,
    recordMs,
    insertMs,
    median: { record, insert, ratio: Math.round((record / insert) * 100) / 100 },
  };
}
