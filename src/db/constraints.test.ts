import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { conflictFromConstraint, UNIQUE_CONSTRAINTS } from './constraints.ts';
import * as schema from './schema.ts';

describe('unique constraints', () => {
  it('says what every unique index of every schema.ts means, so its race answers 409 naming a field', () => {
    const unique = Object.values(schema)
      .flatMap((value: unknown) => (value instanceof PgTable ? [value] : []))
      .flatMap((table) =>
        getTableConfig(table)
          .indexes.filter((i) => i.config.unique)
          .map((i) => i.config.name),
      );
    expect(unique.length).toBeGreaterThan(5);
    const unexplained = unique.filter((name) => !name || !(name in UNIQUE_CONSTRAINTS));
    expect(unexplained).toEqual([]);
  });

  it('turns a unique violation into a 409 and a vanished reference into a 404, naming the field', () => {
    const unique = conflictFromConstraint({
      cause: { code: '23505', constraint: 'contact_emails_email_key' },
    });
    expect(unique).toMatchObject({ code: 'conflict', fields: [{ field: 'body.emails' }] });
    const gone = conflictFromConstraint({
      code: '23503',
      constraint: 'contacts_workspace_id_tier_id_tiers_workspace_id_id_fk',
      detail: 'Key (workspace_id, tier_id)=(…) is not present in table "tiers".',
    });
    expect(gone).toMatchObject({ code: 'not_found', fields: [{ field: 'body.tierId' }] });
    expect(conflictFromConstraint(new Error('something else'))).toBeUndefined();
  });
});
