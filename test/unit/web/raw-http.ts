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
