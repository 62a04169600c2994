import type { Socket } from 'node:net';
import { NotPostgresError } from './errors';

/**
 * node-postgres trusts the first bytes a server sends: an HTTP or SSH server on
 * the port makes it wait forever for a 1.4 GB "message". We look at the first
 * chunk ourselves and hang up when it cannot be PostgreSQL.
 *
 * - After an SSLRequest the server answers exactly one byte, `S` or `N`.
 * - After a StartupMessage it answers a message: type `R` (auth), `E` (error),
 *   `N` (notice) or `v` (protocol negotiation), then an int32 length.
 */
export function firstChunkProblem(chunk: Buffer, sslRequested: boolean): string | null {
  if (chunk.length === 0) return null;
  const type = String.fromCharCode(chunk[0] ?? 0);
  if (sslRequested) {
    if ((type === 'S' || type === 'N') && chunk.length === 1) return null;
    if (type === 'E' && plausibleLength(chunk)) return null;
    return printable(chunk);
  }
  if (!'RENv'.includes(type)) return printable(chunk);
  return plausibleLength(chunk) ? null : printable(chunk);
}

function plausibleLength(chunk: Buffer): boolean {
  if (chunk.length < 5) return true;
  const length = chunk.readInt32BE(1);
  return length >= 4 && length <= 64 * 1024;
}

function printable(chunk: Buffer): string {
  return chunk
    .subarray(0, 24)
    .toString('latin1')
    .replace(/[^\x20-\x7e]/g, '.');
}

/** Watches a socket's first chunk; destroys it, remembering why, when it is not PostgreSQL. */
export class ProtocolSniffer {
  problem: NotPostgresError | null = null;

  attach(socket: Socket, sslRequested: boolean): void {
    socket.once('data', (chunk: Buffer) => {
      const problem = firstChunkProblem(chunk, sslRequested);
      if (problem === null) return;
      this.problem = new NotPostgresError(problem);
      socket.destroy(this.problem);
    });
  }
}
