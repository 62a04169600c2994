import net from 'node:net';

/**
 * A TCP relay to one node that can hold traffic without closing anything: a
 * network partition the walsenders and apply workers do not notice (bytes wait
 * in the relay), healed by releasing them. Subscriptions connect through it;
 * ReplicaDesk connects directly.
 */
export interface PglRelay {
  port: number;
  hold(): void;
  release(): void;
  close(): Promise<void>;
}

export function startPglRelay(targetPort: number): Promise<PglRelay> {
  const sockets = new Set<net.Socket>();
  const queued: (() => void)[] = [];
  let held = false;
  const forward = (from: net.Socket, to: net.Socket) =>
    from.on('data', (chunk: Buffer) => {
      if (held) queued.push(() => to.write(chunk));
      else to.write(chunk);
    });
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    forward(client, upstream);
    forward(upstream, client);
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      resolve({
        port: typeof a === 'object' && a ? a.port : 0,
        hold: () => {
          held = true;
        },
        release: () => {
          held = false;
          for (const send of queued.splice(0)) send();
        },
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
