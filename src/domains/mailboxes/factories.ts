import type { Db } from '../../db/client.ts';
import { mailboxes } from './schema.ts';
import { resolveSealKey, type SealKey, seal } from './secret.ts';

/** The key factories seal test passwords with (not the server's: a factory mailbox is never synced). */
const FACTORY_KEY = resolveSealKey({ secret: 'factory mailboxes are never synced' })!;

/** Inserts a mailbox straight into the store (no login check, no schedule); with `smtp`, one that sends. */
export async function buildMailbox(
  db: Db,
  workspaceId: string,
  userId: string,
  address = 'me@kith.test',
  options: { smtp?: boolean } = {},
) {
  const [row] = await db
    .insert(mailboxes)
    .values({
      workspaceId,
      userId,
      address,
      imapHost: 'imap.example.test',
      imapPort: 993,
      imapTls: 'implicit',
      imapUsername: address,
      passwordSealed: seal(FACTORY_KEY, 'not a real password'),
      ...(options.smtp ? { smtpHost: 'smtp.example.test', smtpPort: 587, smtpTls: 'starttls' as const } : {}),
    })
    .returning();
  if (!row) throw new Error('mailbox insert returned nothing');
  return row;
}

/**
 * Inserts a mailbox that reads a real IMAP server on loopback (a test Dovecot, no TLS), its password sealed
 * with `key`, the one the sync under test opens it with. `values` adds or overrides columns (SMTP, limits,
 * folders).
 */
export async function buildImapMailbox(
  db: Db,
  options: {
    workspaceId: string;
    userId: string;
    server: { host: string; port: number };
    login: { user: string; pass: string };
    key: SealKey;
    values?: Partial<typeof mailboxes.$inferInsert>;
  },
) {
  const { server, login } = options;
  const [row] = await db
    .insert(mailboxes)
    .values({
      workspaceId: options.workspaceId,
      userId: options.userId,
      address: login.user,
      imapHost: server.host,
      imapPort: server.port,
      imapTls: 'none',
      imapUsername: login.user,
      passwordSealed: seal(options.key, login.pass),
      ...options.values,
    })
    .returning();
  if (!row) throw new Error('mailbox insert returned nothing');
  return row;
}
