import { fail, ok, type Result } from '../result';
import { LIBPQ_KEYWORDS, parseKeyValue } from './conninfo-kv';

export const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
export type SslMode = (typeof SSL_MODES)[number];

/** Where and how to log in to one PostgreSQL server. */
export interface PgTarget {
  host: string;
  port: number;
  user: string;
  password: string | undefined;
  database: string;
  sslmode: SslMode;
  sslrootcert: string | undefined;
}

const bad = (reason: string) => fail('invalid-connection-string', reason);

/** Parses a libpq URI (`postgres://…`) or `key=value` string. Defaults: localhost, 5432, user postgres, sslmode prefer. */
export function parseConnectionString(input: string): Result<PgTarget> {
  const text = input.trim();
  if (!text) return bad('the connection string is empty');
  const fields = /^postgres(ql)?:\/\//i.test(text) ? parseUri(text) : parseKeyValue(text);
  if (!fields.ok) return fields;
  return toTarget(fields.value);
}

function parseUri(text: string): Result<Map<string, string>> {
  const authority = text.replace(/^[a-z]+:\/\//i, '').split(/[/?]/)[0] ?? '';
  const hostPart = authority.slice(authority.lastIndexOf('@') + 1);
  if (hostPart.includes(',')) return bad('several hosts in one connection string: add each host as its own seed');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return bad(`not a valid URI (check the port is a number and special characters in the password are %-encoded)`);
  }
  const out = new Map<string, string>();
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  if (url.hostname) out.set('host', decode(url.hostname.replace(/^\[(.*)\]$/, '$1')));
  if (url.port) out.set('port', url.port);
  if (url.username) out.set('user', decode(url.username));
  if (url.password) out.set('password', decode(url.password));
  const db = decode(url.pathname.replace(/^\//, ''));
  if (db) out.set('dbname', db);
  for (const [key, value] of url.searchParams) {
    if (!LIBPQ_KEYWORDS.has(key)) return bad(`"${key}" is not a connection option libpq knows`);
    out.set(key, value);
  }
  return ok(out);
}

function toTarget(f: Map<string, string>): Result<PgTarget> {
  const host = f.get('host') || f.get('hostaddr') || 'localhost';
  if (host.includes(',')) return bad('several hosts in one connection string: add each host as its own seed');
  const portText = f.get('port') || '5432';
  if (!/^\d+$/.test(portText)) return bad(`the port "${portText}" is not a number`);
  const port = Number(portText);
  if (port < 1 || port > 65_535) return bad(`the port ${port} is out of range (1-65535)`);
  const sslmode = (f.get('sslmode') || 'prefer') as SslMode;
  if (!SSL_MODES.includes(sslmode)) return bad(`sslmode "${sslmode}" is not one of ${SSL_MODES.join(', ')}`);
  const user = f.get('user') || 'postgres';
  return ok({
    host,
    port,
    user,
    password: f.get('password') || undefined,
    database: f.get('dbname') || user,
    sslmode,
    sslrootcert: f.get('sslrootcert') || undefined,
  });
}

/** Host part of a node id: lowercase, and `localhost` is 127.0.0.1 (what a standby's sender_host usually says). */
export function normaliseHost(host: string): string {
  const h = host.trim().toLowerCase().replace(/\.$/, '');
  return h === 'localhost' ? '127.0.0.1' : h;
}

/** A node's id: `host:port` (`[v6]:port` for IPv6). */
export function nodeIdOf(host: string, port: number): string {
  const h = normaliseHost(host);
  return h.includes(':') && !h.startsWith('/') ? `[${h}]:${port}` : `${h}:${port}`;
}

export function targetId(t: Pick<PgTarget, 'host' | 'port'>): string {
  return nodeIdOf(t.host, t.port);
}

/** The same login on another server (a discovered node). */
export function withEndpoint(t: PgTarget, host: string, port: number): PgTarget {
  return { ...t, host, port };
}

/** For display and logs: never the password. */
export function displayTarget(t: PgTarget): string {
  const host = t.host.includes(':') ? `[${t.host}]` : t.host;
  const ssl = t.sslmode === 'prefer' ? '' : `?sslmode=${t.sslmode}`;
  return `postgresql://${encodeURIComponent(t.user)}@${host}:${t.port}/${encodeURIComponent(t.database)}${ssl}`;
}
