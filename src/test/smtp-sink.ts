import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

// A real SMTP server on loopback that keeps what it is sent, for the outbox tests: the peer that counts each
// email by Message-ID. It can refuse a recipient with a chosen reply, and go down and come back on its port.
// An onReceive hook runs on each message before the server accepts it (as Gmail files what it relays in the
// sender's Sent folder); a hook that throws makes the server answer 451 and keep nothing. An onConnect hook
// runs before the greeting (a slow server).

export type Received = { messageId: string; outboxId: string | null; to: string[]; raw: string };

export type SmtpSink = {
  host: string;
  port: number;
  received: Received[];
  /** Replies to RCPT TO for these addresses, such as 550 "5.1.1 no such user" or 451 "4.7.1 try later". */
  refuse: Map<string, { code: number; message: string }>;
  down: () => Promise<void>;
  up: () => Promise<void>;
  stop: () => Promise<void>;
};

const header = (raw: string, name: string) =>
  new RegExp(`^${name}:\\s*(.+)$`, 'im').exec(raw.split(/\r?\n\r?\n/)[0] ?? '')?.[1]?.trim() ?? null;

export async function startSmtpSink(
  options: { onReceive?: (message: Received) => Promise<void>; onConnect?: () => Promise<void> } = {},
): Promise<SmtpSink> {
  const received: Received[] = [];
  const refuse = new Map<string, { code: number; message: string }>();
  const build = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onAuth: (_auth, _session, callback) => callback(null, { user: 'anyone' }),
      onConnect: (_session, callback) => {
        if (!options.onConnect) return callback();
        options.onConnect().then(() => callback(), callback);
      },
      onRcptTo: (address, _session, callback) => {
        const rule = refuse.get(address.address.toLowerCase());
        if (!rule) return callback();
        return callback(Object.assign(new Error(rule.message), { responseCode: rule.code }));
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const message = {
            messageId: header(raw, 'Message-ID') ?? '',
            outboxId: header(raw, 'X-Kith-Outbox-Id'),
            to: session.envelope.rcptTo.map((r) => r.address),
            raw,
          };
          if (!options.onReceive) {
            received.push(message);
            return callback();
          }
          options.onReceive(message).then(
            () => {
              received.push(message);
              callback();
            },
            (error: unknown) =>
              callback(Object.assign(new Error(`4.3.0 ${String(error)}`), { responseCode: 451 })),
          );
        });
      },
    });
  // A client that goes away mid-session (a worker killed while sending) resets its socket: the server reports
  // it as an error event, which is expected here, not a crash.
  const make = () => {
    const made = build();
    made.on('error', () => {});
    return made;
  };
  let server = make();
  const listen = (port: number) =>
    new Promise<number>((resolve) =>
      server.listen(port, '127.0.0.1', () => resolve((server.server.address() as AddressInfo).port)),
    );
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  const port = await listen(0);
  return {
    host: '127.0.0.1',
    port,
    received,
    refuse,
    down: close,
    up: async () => {
      server = make();
      await listen(port);
    },
    stop: close,
  };
}
