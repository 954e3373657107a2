import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';

/** How a column travels: the array type of its parameter, and an optional cast applied per row. */
export type ColumnType = 'uuid' | 'text' | 'timestamptz' | 'date' | 'int' | 'bool' | 'text[]' | 'jsonb';
export type Cell = string | number | boolean | null;

const PARAM_TYPE: Record<ColumnType, { array: string; cast: string }> = {
  uuid: { array: 'uuid[]', cast: '' },
  text: { array: 'text[]', cast: '' },
  timestamptz: { array: 'timestamptz[]', cast: '' },
  date: { array: 'date[]', cast: '' },
  int: { array: 'int[]', cast: '' },
  bool: { array: 'bool[]', cast: '' },
  // unnest flattens nested arrays and json has no array form in a parameter, so both travel as text.
  'text[]': { array: 'text[]', cast: '::text[]' },
  jsonb: { array: 'text[]', cast: '::jsonb' },
};

/** Rows gathered column by column, ready for one INSERT ... SELECT FROM unnest(...). */
export class ColumnBatch {
  readonly table: string;
  readonly columns: readonly (readonly [name: string, type: ColumnType])[];
  private values: Cell[][];

  constructor(table: string, columns: readonly (readonly [string, ColumnType])[]) {
    this.table = table;
    this.columns = columns;
    this.values = columns.map(() => []);
  }

  get size(): number {
    return this.values[0]?.length ?? 0;
  }

  /** Adds one row; cells follow the order of the columns. */
  push(...cells: Cell[]): void {
    for (let i = 0; i < this.columns.length; i++) this.values[i]!.push(cells[i] ?? null);
  }

  /** Writes the gathered rows in one statement (one array parameter per column) and empties the batch. */
  async flush(db: Db): Promise<number> {
    const count = this.size;
    if (count === 0) return 0;
    const names = this.columns.map(([name]) => sql.identifier(name));
    const params: SQL[] = this.columns.map(
      ([, type], i) => sql`${sql.param(this.values[i])}::${sql.raw(PARAM_TYPE[type].array)}`,
    );
    const selects = this.columns.map(([name, type]) =>
      sql.raw(`u.${JSON.stringify(name)}${PARAM_TYPE[type].cast}`),
    );
    await db.execute(sql`
      insert into ${sql.identifier(this.table)} (${sql.join(names, sql`, `)})
      select ${sql.join(selects, sql`, `)}
      from unnest(${sql.join(params, sql`, `)}) as u(${sql.join(names, sql`, `)})`);
    this.values = this.columns.map(() => []);
    return count;
  }
}

/** A PostgreSQL array literal for a text[] cell. */
export function textArrayLiteral(items: readonly string[]): string {
  return `{${items.map((item) => `"${item.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}
