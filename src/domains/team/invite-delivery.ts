import type { Db } from '../../db/client.ts';

/**
 * THE SEAM where sending an invitation will plug in. Kith has no outbound mail yet, so the admin is shown
 * the link to pass on and this answers `sent: false`. With mail, enqueue a send job here, inside the
 * request's transaction (the outbox rule, db/transaction.ts), and answer `sent: true`; the link must then be
 * built from the configured public URL (server/app-url.ts), not from the request.
 */
export async function deliverInvite(_invite: {
  db: Db;
  workspaceId: string;
  inviteId: string;
  email: string;
  url: string;
}): Promise<{ sent: boolean }> {
  return { sent: false };
}
