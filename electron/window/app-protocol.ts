import path from 'node:path';
import { fail, ok, type Result } from '../../shared/result';
import { APP_SCHEME, isAppUrl, parseUrl } from './app-origin';

/**
 * What the `app://replicadesk/` protocol serves: files under the built
 * renderer folder and nothing else. Plain functions, so the path rules are
 * unit-tested without Electron; register-protocol.ts wires them in.
 */

/**
 * Registered before `ready`: standard (a real origin, relative URLs), secure (like https), fetch and code
 * cache. Not `corsEnabled`: the app loads only from itself, and without it no other origin can read app://.
 */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
} as const;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

export function mimeType(file: string): string {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file under `rendererDir` that `url` names, or an error: another
 * origin, bad percent-encoding, a NUL or backslash, or a path that leaves
 * the folder (`..`, encoded or not). `/` is index.html.
 */
export function resolveAppFile(rendererDir: string, url: string): Result<string> {
  if (!isAppUrl(url)) return fail('forbidden', `not the app's origin: ${url}`);
  const u = parseUrl(url);
  if (!u) return fail('bad-request', `not a URL: ${url}`);
  let decoded: string;
  try {
    decoded = decodeURIComponent(u.pathname);
  } catch {
    return fail('bad-request', `bad percent-encoding in ${u.pathname}`);
  }
  if (/[\0\\]/.test(decoded)) return fail('bad-request', 'a NUL or backslash in the path');
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, relative);
  const rel = path.relative(root, file);
  if (rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return fail('forbidden', `outside the renderer folder: ${decoded}`);
  return ok(file);
}

export interface AppResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array | string;
}

/** The whole answer to one `app://` request: GET/HEAD of a file under the folder, with the CSP; 4xx otherwise. */
export async function answerAppRequest(
  req: { url: string; method: string },
  opts: { rendererDir: string; csp: string; readFile: (file: string) => Promise<Uint8Array> },
): Promise<AppResponse> {
  const text = (status: number, body: string): AppResponse => ({ status, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body });
  if (req.method !== 'GET' && req.method !== 'HEAD') return text(405, 'method not allowed');
  const file = resolveAppFile(opts.rendererDir, req.url);
  if (!file.ok) return text(file.code === 'forbidden' ? 403 : 400, file.reason);
  let body: Uint8Array;
  try {
    body = await opts.readFile(file.value);
  } catch {
    return text(404, 'not found');
  }
  return {
    status: 200,
    headers: {
      'Content-Type': mimeType(file.value),
      'Content-Security-Policy': opts.csp,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    },
    body: req.method === 'HEAD' ? '' : body,
  };
}
