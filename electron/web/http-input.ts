import type { IncomingMessage } from 'node:http';

/** A request target that parsed: the decoded path and the query. */
export interface RequestTarget {
  path: string;
  query: URLSearchParams;
  /** The raw path and query minus `token`, for the redirect after a launch link. */
  withoutToken: string;
}

/**
 * Parses `req.url` without throwing: null for a target that is not an
 * origin-form path (`//[`, `http://[`, `*`), has bad percent-encoding (`/%zz`)
 * or a NUL byte. Browser mode only ever serves origin-form paths.
 */
export function requestTarget(rawUrl: string | undefined): RequestTarget | null {
  const raw = rawUrl ?? '';
  if (!raw.startsWith('/') || raw.startsWith('//')) return null;
  let url: URL;
  try {
    url = new URL(raw, 'http://127.0.0.1');
  } catch {
    return null;
  }
  const path = safeDecode(url.pathname);
  if (path === null || path.includes('\0')) return null;
  const query = url.searchParams;
  const rest = new URLSearchParams(query);
  rest.delete('token');
  const search = rest.toString();
  return { path, query, withoutToken: `${url.pathname}${search ? `?${search}` : ''}` };
}

/**
 * The values of one cookie (a name may repeat: browsers send every cookie
 * with that name whatever port set it). Null when a value is not the
 * base64url a session id is: the caller answers 400. An empty value is skipped. Other cookies are not
 * read at all, so a stray cookie of another app on 127.0.0.1 cannot break us.
 */
export function cookieValues(req: IncomingMessage, name: string): string[] | null {
  const values: string[] = [];
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    if (value === '') continue; // a cleared cookie
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(value)) return null;
    values.push(value);
  }
  return values;
}

function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}
