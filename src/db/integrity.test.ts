import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildContact } from '../domains/contacts/factories.ts';
import { interactions, nextSteps } from '../domains/interactions/schema.ts';
import { buildUser } from '../domains/workspaces/factories.ts';
import { openTestStore, type TestStore } from '../test/test-store.ts';
import { findOrphanRows } from './integrity.ts';

describe('the orphan check run after route tests', () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(() => store.close());

  it('finds an interaction without contacts and a next step of a deleted interaction', async () => {
    const user = await buildUser(store.db);
    const ws = user.workspaceId;
    expect(await findOrphanRows(store.db)).toEqual({});
    const contact = await buildContact(store.db, ws);
    await store.db
      .insert(interactions)
      .values({ workspaceId: ws, kind: 'call', occurredAt: new Date(), summary: 'x' });
    await store.db.insert(nextSteps).values({
      workspaceId: ws,
      contactId: contact.id,
      action: 'y',
      dueOn: '2026-12-01',
      interactionId: '00000000-0000-4000-8000-000000000000',
    });
    expect(await findOrphanRows(store.db)).toEqual({
      'interactions without any contact': 1,
      'next steps linked to a deleted interaction': 1,
    });
  });
});
