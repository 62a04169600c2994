import { fail, ok, type Result } from '../../../shared/result';

/** A server as ReplicaDesk reaches it; `id` (`host:port`, IPv6 in brackets) is the node id. */
export interface ServerAddress {
  host: string;
  port: number;
  id: string;
}

const ADDRESS = /^(?:\[([0-9a-fA-F:.]+)\]|([^\s:/[\]]+)):(\d{1,5})$/;

export function addressOf(host: string, port: number): ServerAddress {
  const h = host.trim().toLowerCase();
  return { host: h, port, id: h.includes(':') ? `[${h}]:${port}` : `${h}:${port}` };
}

/** Parses `host:port` (`[::1]:3306` for IPv6); the port must be 1–65535. */
export function parseServerAddress(text: string): Result<ServerAddress> {
  const m = ADDRESS.exec(text.trim());
  if (!m) return fail('invalid-address', `"${text}" is not host:port (e.g. 10.0.0.5:3306, [::1]:3306)`);
  const port = Number(m[3]);
  if (port < 1 || port > 65_535) return fail('invalid-address', `"${text}": the port must be between 1 and 65535`);
  return ok(addressOf(m[1] ?? m[2]!, port));
}

/** Every seed parsed, or the first bad one as a clear error. */
export function parseSeeds(seeds: readonly string[]): Result<ServerAddress[]> {
  if (seeds.length === 0) return fail('invalid-spec', 'add at least one server (host:port)');
  const out: ServerAddress[] = [];
  for (const s of seeds) {
    const a = parseServerAddress(s);
    if (!a.ok) return a;
    if (!out.some((x) => x.id === a.value.id)) out.push(a.value);
  }
  return ok(out);
}
