// The SMTP peer the outbox benchmark sends to: a minimal SMTP server on loopback that answers at once and
// keeps each message's Message-ID. Not src/test/smtp-sink.ts (smtp-server), which waits 100 ms before every
// greeting to catch early talkers: at one connection per email that wait alone caps a lane at 10 emails/s
// and would hide what Kith itself costs. It speaks plain SMTP (no TLS, no AUTH, no PIPELINING), as much as
// nodemailer needs to deliver.
import { once } from 'node:events';
import { type AddressInfo, createServer, type Socket } from 'node:net';

export type SmtpPeer = {
  host: string;
  port: number;
  /** The Message-ID of every message accepted, in order; the benchmark empties it between runs. */
  received: string[];
  stop: () => Promise<void>;
};

const messageIdOf = (data: string) =>
  /^Message-ID:\s*(.+)$/im.exec(data.split(/\r?\n\r?\n/)[0] ?? '')?.[1]?.trim() ?? '';

function serve(socket: Socket, received: string[]) {
  let buffer = '';
  let data: string[] | null = null;
  const reply = (line: string) => socket.write(`${line}\r\n`);
  socket.on('error', () => {});
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (data) {
        if (line !== '.') {
          data.push(line.startsWith('..') ? line.slice(1) : line);
          continue;
        }
        received.push(messageIdOf(data.join('\r\n')));
        data = null;
        reply('250 2.0.0 Accepted');
        continue;
      }
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === 'EHLO') reply('250-bench.peer\r\n250 8BITMIME');
      else if (verb === 'HELO') reply('250 bench.peer');
      else if (verb === 'MAIL' || verb === 'RCPT' || verb === 'RSET' || verb === 'NOOP')
        reply('250 2.0.0 OK');
      else if (verb === 'DATA') {
        data = [];
        reply('354 End data with <CR><LF>.<CR><LF>');
      } else if (verb === 'QUIT') {
        reply('221 2.0.0 Bye');
        socket.end();
      } else reply('502 5.5.2 Not implemented');
    }
  });
  reply('220 bench.peer ESMTP');
}

/** Starts the peer on a free loopback port. */
export async function startSmtpPeer(): Promise<SmtpPeer> {
  const received: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serve(socket, received);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    host: '127.0.0.1',
    port: (server.address() as AddressInfo).port,
    received,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}
