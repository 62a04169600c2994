import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import { buildCsp } from '../window/csp';
import { mimeType } from '../window/app-protocol';

/** connect-src 'self': CSP Level 3 lets 'self' match ws:// to the page's own host and port, and no other. */
export const CSP = buildCsp();

/**
 * Serves a file from `root`, refusing any path that escapes it. Unknown paths
 * get index.html (one-page app). `decodedPath` is already percent-decoded.
 */
export async function serveStatic(root: string, decodedPath: string, res: ServerResponse): Promise<void> {
  const clean = path.normalize(decodedPath).replace(/^(\.\.[/\\])+/, '');
  const base = path.resolve(root);
  let file = path.join(base, clean);
  if (file !== base && !file.startsWith(base + path.sep)) return send(res, 403, 'forbidden');
  const stat = await fs.stat(file).catch(() => null);
  if (!stat || stat.isDirectory()) file = path.join(root, 'index.html');
  const body = await fs.readFile(file).catch(() => null);
  if (!body) return send(res, 404, `not found; was the renderer built? (npm run build) — looked in ${root}`);
  res.writeHead(200, {
    'Content-Type': mimeType(file),
    'Content-Security-Policy': CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

export function send(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'close', ...headers });
  res.end(`${text}\n`);
}
