import net from 'node:net';

export interface RawReply {
  /** The status code of the first response line, or 0 when the server closed without one. */
  status: number;
  text: string;
}

/** Sends `request` byte for byte over a fresh TCP connection and reads until the server closes or goes quiet. */
export function rawRequest(port: number, request: string | Buffer, quietMs = 2_000): Promise<RawReply> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(port, '127.0.0.1');
    let timer = setTimeout(finish, quietMs);
    function finish() {
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
      resolve({ status: m ? Number(m[1]) : 0, text });
    }
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      clearTimeout(timer);
      timer = setTimeout(finish, 200);
    });
    socket.on('error', finish);
    socket.on('close', finish);
    socket.write(request);
  });
}

/** A GET with the given request target and extra header lines, as a browser or curl would send it. */
export function rawGet(port: number, target: string, headers: string[] = []): string {
  return [`GET ${target} HTTP/1.1`, `Host: 127.0.0.1:${port}`, ...headers, 'Connection: close', '', ''].join('\r\n');
}

/**
 * Sends each request on its own connection, `parallel` at a time, half-closing
 * after the write; resolves when every connection has closed (or timed out).
 * Counts the requests that got an HTTP status line back, and those cut at the timeout.
 */
export async function blast(port: number, requests: readonly Buffer[], parallel = 48, timeoutMs = 3_000): Promise<{ answered: number; timedOut: number }> {
  let next = 0;
  let answered = 0;
  let timedOut = 0;
  const one = (request: Buffer) =>
    new Promise<void>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      let first = true;
      const timer = setTimeout(() => {
        timedOut++;
        socket.destroy();
      }, timeoutMs);
      socket.on('data', (c: Buffer) => {
        if (first && c.subarray(0, 9).toString('latin1') === 'HTTP/1.1 ') answered++;
        first = false;
      });
      socket.on('error', () => undefined);
      socket.on('close', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.end(request);
    });
  const worker = async () => {
    while (next < requests.length) await one(requests[next++]!);
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return { answered, timedOut };
}
