import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

/** Subscribes to a NOTIFY channel; resolves to the function that unsubscribes. */
export type Listen = (channel: string, onNotify: () => void) => Promise<() => Promise<void>>;

const CHANNEL = /^[a-z_][a-z0-9_]*$/;
const RECONNECT_MS = 1000;

/**
 * LISTEN on PostgreSQL over a connection of its own (a pooled one would go back to the pool and stop
 * hearing). If that connection drops, it reconnects after a second; meanwhile listeners fall back on polling.
 * Returns the subscribe function and closeAll, which the store's close calls.
 */
export function postgresListener(connectionString: string): {
  listen: Listen;
  closeAll: () => Promise<void>;
} {
  const open = new Set<() => Promise<void>>();
  const listen: Listen = async (channel, onNotify) => {
    if (!CHANNEL.test(channel)) throw new Error(`Invalid channel name ${channel}`);
    let client: pg.Client | null = null;
    let isClosed = false;
    const connect = async (): Promise<void> => {
      const next = new pg.Client({ connectionString });
      next.on('notification', (message) => {
        if (message.channel === channel) onNotify();
      });
      next.on('error', () => {
        // Reconnect below, once 'end' follows; polling covers the gap.
      });
      try {
        await next.connect();
        await next.query(`listen ${channel}`);
      } catch (error) {
        await next.end().catch(() => undefined);
        throw error;
      }
      if (isClosed) {
        await next.end().catch(() => undefined);
        return;
      }
      next.on('end', () => {
        if (isClosed) return;
        client = null;
        void reconnect();
      });
      client = next;
      // Work may have been enqueued while no one listened.
      onNotify();
    };
    const reconnect = async () => {
      while (!isClosed && !client) {
        await sleep(RECONNECT_MS);
        await connect().catch(() => undefined);
      }
    };
    await connect();
    const close = async () => {
      isClosed = true;
      open.delete(close);
      await client?.end().catch(() => undefined);
    };
    open.add(close);
    return close;
  };
  return { listen, closeAll: async () => void (await Promise.all([...open].map((close) => close()))) };
}
