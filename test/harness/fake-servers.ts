import net from 'node:net';

export interface FakeServer {
  port: number;
  /** Connections it accepted so far. */
  readonly accepted: number;
  close(): Promise<void>;
}

async function serve(onSocket: (socket: net.Socket) => void): Promise<FakeServer> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    onSocket(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    get accepted() {
      return accepted;
    },
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => resolve());
      }),
  };
}

/** A server that speaks something other than PostgreSQL: it answers any bytes with an HTTP error. */
export function startGarbageServer(): Promise<FakeServer> {
  return serve((socket) => {
    socket.once('data', () => {
      socket.end('HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\nbad request');
    });
  });
}

/** A server that accepts connections and never says a word: a hung host. */
export function startHangingServer(): Promise<FakeServer> {
  return serve(() => undefined);
}
