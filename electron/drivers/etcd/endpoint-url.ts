import { fail, ok, type Result } from '../../../shared/result';

const DEFAULT_CLIENT_PORT = '2379';

/** Parses a client URL to its origin (`http://host:port`), the identity of one etcd member endpoint. */
export function parseEndpoint(input: string): Result<URL> {
  // Messages never repeat a user:password@ (up to the last '@' of the authority).
  const raw = input.replace(/^([a-z]+:\/\/)[^/?#]*@/i, '$1***@');
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return fail('invalid-url', `"${raw}" is not a URL: write an etcd client URL such as http://10.0.0.5:2379`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return fail('invalid-url', `"${raw}" uses ${url.protocol} but etcd's gateway needs http:// or https://`);
  }
  if (!url.hostname) return fail('invalid-url', `"${raw}" has no host`);
  if (url.username || url.password) {
    return fail('invalid-url', `"${raw}" carries credentials in the URL: put the etcd user and password in the auth fields instead`);
  }
  if (url.pathname !== '/' && url.pathname !== '') {
    return fail('invalid-url', `"${raw}" has a path (${url.pathname}): give only scheme, host and port`);
  }
  const origin = new URL(`${url.protocol}//${url.hostname.includes(':') && !url.hostname.startsWith('[') ? `[${url.hostname}]` : url.hostname}:${url.port || DEFAULT_CLIENT_PORT}`);
  return ok(origin);
}

/** `http://host:port` with the default port spelled out, so two spellings of one member compare equal. */
export function endpointId(url: URL): string {
  return `${url.protocol}//${url.hostname}:${url.port || DEFAULT_CLIENT_PORT}`;
}

/** Parses every endpoint of a spec; the first bad one fails the lot, naming it. */
export function parseEndpoints(raw: readonly string[]): Result<URL[]> {
  const out: URL[] = [];
  for (const r of raw) {
    const p = parseEndpoint(r);
    if (!p.ok) return p;
    out.push(p.value);
  }
  return out.length > 0 ? ok(out) : fail('invalid-url', 'add at least one etcd client URL');
}
